using Checkpointing.Format;

namespace Checkpointing.Orleans;

/// <summary>
/// How a cluster job's parallelism follows the silos, set where the job is registered
/// (<see cref="CheckpointingSiloBuilderExtensions.AddCheckpointingJob"/>).
/// <see cref="Fixed"/> (the default) keeps the definition's parallelism: a silo that leaves gives the others more
/// subtasks each. With <see cref="SubtasksPerSilo"/> set, each attempt runs <c>SubtasksPerSilo × active silos</c>
/// subtasks, bounded by <see cref="MinParallelism"/> and <see cref="MaxParallelism"/>: a silo that leaves fails the
/// attempt and the restart restores the latest complete checkpoint at the smaller parallelism on the silos that remain;
/// silos that join make the job rescale through a savepoint in <see cref="SavepointDirectory"/> once the membership
/// has been quiet for <see cref="SettleDelay"/> (several joins in a row, one rescale). A silo counts once, whatever its
/// <see cref="CheckpointingWorkerOptions.Weight"/>; the weights still decide how the subtasks are spread.
/// </summary>
public sealed class ClusterScaling
{
    /// <summary>The definition's parallelism, whatever the silos (today's behaviour, and the default).</summary>
    public static ClusterScaling Fixed { get; } = new();

    /// <summary>Subtasks per active silo; 0 (the default) keeps the definition's parallelism (<see cref="Fixed"/>).</summary>
    public int SubtasksPerSilo { get; init; }

    /// <summary>The smallest parallelism the job runs at, however few silos are active. Default 1.</summary>
    public int MinParallelism { get; init; } = 1;

    /// <summary>The largest parallelism the job runs at, however many silos are active. Default and at most 32,768, the format's bound.</summary>
    public int MaxParallelism { get; init; } = StateCodec.MaxParallelism;

    /// <summary>
    /// How long no silo may join or leave before the job rescales to the silos that are active then. Default 10 s.
    /// A silo that leaves does not wait for it: its attempt fails at once and the restart runs at the new parallelism.
    /// </summary>
    public TimeSpan SettleDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The folder (a full path every silo reaches, as for <see cref="ClusterJobClient.TriggerSavepointAsync"/>) where a
    /// rescale takes its savepoint, one new folder per rescale; required with <see cref="SubtasksPerSilo"/>. Savepoints
    /// are never deleted by the runtime.
    /// </summary>
    public string? SavepointDirectory { get; init; }

    /// <summary>Whether the parallelism follows the active silos (<see cref="SubtasksPerSilo"/> is set).</summary>
    public bool FollowsSilos => SubtasksPerSilo > 0;

    /// <summary>The parallelism for <paramref name="activeSilos"/> active silos: <see cref="SubtasksPerSilo"/> each, within the bounds.</summary>
    internal int ParallelismFor(int activeSilos) => (int)Math.Clamp((long)SubtasksPerSilo * activeSilos, MinParallelism, MaxParallelism);

    /// <summary>Refuses settings that cannot work, naming the job and the setting.</summary>
    internal void Validate(string jobName, string paramName)
    {
        void Refuse(string what) => throw new ArgumentException($"ClusterScaling of job '{jobName}': {what}", paramName);

        if (SubtasksPerSilo < 0) Refuse($"SubtasksPerSilo is {SubtasksPerSilo}; it must be at least 1, or 0 for a fixed parallelism.");
        if (!FollowsSilos) return;
        if (MinParallelism < 1) Refuse($"MinParallelism is {MinParallelism}; it must be at least 1.");
        if (MaxParallelism > StateCodec.MaxParallelism) Refuse($"MaxParallelism is {MaxParallelism}; the checkpoint format allows at most {StateCodec.MaxParallelism}.");
        if (MaxParallelism < MinParallelism) Refuse($"MaxParallelism ({MaxParallelism}) is below MinParallelism ({MinParallelism}).");
        if (SettleDelay < TimeSpan.Zero) Refuse($"SettleDelay is {SettleDelay}; it must not be negative.");
        if (SavepointDirectory is not { Length: > 0 } directory) Refuse("SavepointDirectory is not set; a rescale when silos join takes a savepoint there (a folder every silo reaches).");
        else if (!Path.IsPathFullyQualified(directory)) Refuse($"SavepointDirectory '{SavepointDirectory}' is not a full path; every silo must reach it under the same path.");
    }

    /// <inheritdoc />
    public override string ToString() =>
        FollowsSilos ? $"{SubtasksPerSilo} subtask(s) per silo, parallelism {MinParallelism}..{MaxParallelism}, settle delay {SettleDelay}" : "fixed parallelism";
}
