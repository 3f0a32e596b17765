// The generator compiles this file too (see generators/Checkpointing.Generators/Checkpointing.Generators.csproj), so
// its model names a field's mode with this enum. There it is internal and in the generator's model namespace: the
// generator's tests see both assemblies, and one type name in two of them would be ambiguous.
#if CHECKPOINTING_GENERATOR
namespace Checkpointing.Generators.Model;
#else
namespace Checkpointing;
#endif

/// <summary>How the units of one named state are handed to subtasks when a job is restored, possibly at another parallelism.</summary>
#if CHECKPOINTING_GENERATOR
internal
#else
public
#endif
enum Redistribution
{
    /// <summary>Flink's SPLIT_DISTRIBUTE: the units of all old subtasks are cut into contiguous, balanced chunks (identity when the parallelism is unchanged).</summary>
    EvenSplit = 0,

    /// <summary>Flink's UNION: every new subtask receives every unit of every old subtask, in old-subtask order.</summary>
    Union = 1,

    /// <summary>Flink's BROADCAST: all old subtasks hold the same content; new subtask <c>i</c> receives old subtask <c>i mod p</c>'s copy.</summary>
    Broadcast = 2,
}
