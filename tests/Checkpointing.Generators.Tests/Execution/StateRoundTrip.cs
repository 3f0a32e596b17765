using System.Text.Json;

namespace Checkpointing.Generators.Tests.Execution;

/// <summary>Snapshots functions with the real harness, through real checkpoint bytes, and restores them.</summary>
internal static class StateRoundTrip
{
    /// <summary>One subtask in, one subtask out.</summary>
    public static T Through<T>(T source, Func<T> factory) where T : class => Rescale([source], 1, factory)[0];

    /// <summary><paramref name="sources"/> are the old subtasks; restores at <paramref name="parallelism"/>.</summary>
    public static IReadOnlyList<T> Rescale<T>(IReadOnlyList<object> sources, int parallelism, Func<T> factory, bool allowNonRestoredState = false) where T : class
    {
        var bytes = CheckpointHarness.Snapshot(sources, checkpointId: 7).ToBytes();
        return CheckpointHarness.Restore(OperatorSnapshot.FromBytes(bytes), parallelism, factory, allowNonRestoredState);
    }

    private static readonly JsonSerializerOptions Json = new() { IncludeFields = true };

    /// <summary>Compares object graphs by their JSON form (records with collections do not compare by value).</summary>
    public static void AssertSameGraph<T>(T expected, T actual) =>
        Assert.Equal(JsonSerializer.Serialize(expected, Json), JsonSerializer.Serialize(actual, Json));
}
