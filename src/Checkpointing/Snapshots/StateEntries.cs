using Checkpointing.Serialization.Layouts;

namespace Checkpointing.Snapshots;

/// <summary>One subtask's part of one named state, with the layouts of the generated types its units hold.</summary>
internal sealed record SubtaskStateEntry(string Name, Redistribution Mode, string TypeName, IReadOnlyList<StoredLayout> Layouts, UnitBlock Units);

/// <summary>Everything one subtask of one operator wrote in a checkpoint.</summary>
internal sealed record OperatorSubtaskState(string OperatorUid, int SubtaskIndex, int Parallelism, IReadOnlyList<SubtaskStateEntry> States);

/// <summary>One named state of an operator across all its old subtasks (the layouts of all of them merged).</summary>
internal sealed record OperatorState(string Name, Redistribution Mode, string TypeName, IReadOnlyList<StoredLayout> Layouts, UnitBlock[] PerSubtask);
