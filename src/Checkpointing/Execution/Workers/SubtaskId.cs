using System.Globalization;

namespace Checkpointing.Execution;

/// <summary>A subtask of the job: subtask <paramref name="Index"/> of the job's <paramref name="Source"/>-th source and its chain.</summary>
internal readonly record struct SubtaskId(int Source, int Index)
{
    /// <summary>Its state file in a checkpoint: <c>source-{k}-subtask-{i}</c>, unique across the job's sources.</summary>
    public string StateFileName => string.Create(CultureInfo.InvariantCulture, $"source-{Source}-subtask-{Index}");

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Source}/{Index}");
}
