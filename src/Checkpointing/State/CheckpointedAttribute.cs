namespace Checkpointing;

/// <summary>
/// Marks a field of a <c>partial</c> class as operator state. The source generator writes
/// <see cref="ICheckpointedFunction.SnapshotState"/> and <see cref="ICheckpointedFunction.RestoreState"/>
/// and a MessagePack formatter for the field's type. Use <c>[field: Checkpointed]</c> on an auto-property.
/// </summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class CheckpointedAttribute : Attribute
{
    /// <summary>How the field's units are redistributed on restore. Default: <see cref="Checkpointing.Redistribution.EvenSplit"/>.</summary>
    public Redistribution Redistribution { get; set; } = Redistribution.EvenSplit;

    /// <summary>The stable state name stored in checkpoints. Default: the field name.</summary>
    public string? Name { get; set; }

    /// <summary>
    /// Name of a method of the class, <c>T M(IReadOnlyList&lt;T&gt; units)</c>, that folds several restored units of a
    /// scalar field into one value. Without it, receiving several units fails the restore.
    /// </summary>
    public string? Merge { get; set; }
}
