namespace Checkpointing.Tests.Redistribution;

/// <summary>Shorthand for the nested lists redistribution works on.</summary>
internal static class Lists
{
    public static IReadOnlyList<IReadOnlyList<T>> Of<T>(params T[][] subtasks) => [.. subtasks.Select(s => (IReadOnlyList<T>)s)];

    public static string Show<T>(IReadOnlyList<IReadOnlyList<T>> lists) =>
        string.Join(" ", lists.Select(l => "[" + string.Join(",", l) + "]"));

    /// <summary>Asserts the lists equal <paramref name="expected"/> subtask by subtask, with a readable message.</summary>
    public static void AssertEqual<T>(IReadOnlyList<IReadOnlyList<T>> expected, IReadOnlyList<IReadOnlyList<T>> actual) =>
        Assert.True(expected.Count == actual.Count && expected.Zip(actual).All(p => p.First.SequenceEqual(p.Second)),
            $"expected {Show(expected)}, got {Show(actual)}");
}
