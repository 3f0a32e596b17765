using Checkpointing.Diagnostics;
using Microsoft.CodeAnalysis;

namespace Checkpointing.Generators.Diagnostics;

/// <summary>
/// The usage diagnostics of <c>[Checkpointed]</c> (CKPT1xx). Reported by <see cref="CheckpointedUsageAnalyzer"/>; the
/// ids, help links and the factory are shared with the lock analyzers (<c>analyzers/Shared/Diagnostics</c>).
/// </summary>
internal static class DiagnosticDescriptors
{
    public static readonly DiagnosticDescriptor NotPartial = DescriptorFactory.Create(
        DiagnosticIds.NotPartial, "Type with checkpointed fields must be partial",
        "'{0}' must be partial so the generator can implement ICheckpointedFunction for '{1}'",
        DiagnosticSeverity.Error,
        "The generator adds SnapshotState and RestoreState as a second part of the class, which needs the class and every type it is nested in to be partial. Without it nothing is generated and the state is silently not checkpointed.");

    public static readonly DiagnosticDescriptor InvalidField = DescriptorFactory.Create(
        DiagnosticIds.InvalidField, "Checkpointed field cannot be restored",
        "Field '{0}' cannot be checkpointed because it is {1}; restore must be able to assign it",
        DiagnosticSeverity.Error,
        "Restoring state assigns the field. A readonly field, a const or a get-only or init-only auto-property cannot be assigned after construction, and a static field belongs to no subtask.");

    public static readonly DiagnosticDescriptor UnsupportedType = DescriptorFactory.Create(
        DiagnosticIds.UnsupportedType, "Checkpointed field has a type that cannot be serialized",
        "Field '{0}' cannot be checkpointed: {1}",
        DiagnosticSeverity.Error,
        "The generator writes the state's MessagePack formatters as code, without reflection at run time. The message names the path to the first member it cannot write and why.");

    public static readonly DiagnosticDescriptor DuplicateStateName = DescriptorFactory.Create(
        DiagnosticIds.DuplicateStateName, "Two checkpointed fields use the same state name",
        "Field '{0}' uses the state name '{1}', which '{2}' already uses",
        DiagnosticSeverity.Error,
        "Checkpointed fields of a class and its checkpointed base classes share one namespace of state names, so two fields with one name would overwrite each other in a checkpoint.");

    public static readonly DiagnosticDescriptor InvalidMerge = DescriptorFactory.Create(
        DiagnosticIds.InvalidMerge, "Merge method is missing or has the wrong signature",
        "Merge of field '{0}': {1}",
        DiagnosticSeverity.Error,
        "Merge names a method of the class that folds several restored units of a scalar field into one value; it must exist and have the signature 'T M(IReadOnlyList<T> units)'.");

    public static readonly DiagnosticDescriptor UnionWithoutMerge = DescriptorFactory.Create(
        DiagnosticIds.UnionWithoutMerge, "Union scalar field without Merge",
        "Scalar field '{0}' is redistributed as Union but declares no Merge; a restore from more than one subtask will fail",
        DiagnosticSeverity.Warning,
        "With Union every new subtask receives every old subtask's unit, so a scalar restored from a job that ran with parallelism above 1 has several values; without Merge the restore fails rather than pick one in silence.");

    public static readonly DiagnosticDescriptor NotAClass = DescriptorFactory.Create(
        DiagnosticIds.NotAClass, "Checkpointed fields must be declared in a class",
        "'{0}' is a {1}; [Checkpointed] fields are only checkpointed in classes (a function instance is a class)",
        DiagnosticSeverity.Error,
        "The runtime snapshots and restores one function instance per subtask. A struct would be copied and its restored state lost in the copy, so nothing is generated for it.");

    public static readonly DiagnosticDescriptor AlreadyImplemented = DescriptorFactory.Create(
        DiagnosticIds.AlreadyImplemented, "SnapshotState is already written by hand",
        "'{0}' has [Checkpointed] fields but {1}; the generated SnapshotState/RestoreState cannot be added",
        DiagnosticSeverity.Error,
        "The generated SnapshotState and RestoreState can neither replace methods the class declares itself nor extend a base's methods that are not virtual; the base's state would drop out of the checkpoint.");

    public static readonly DiagnosticDescriptor ListStateIgnored = DescriptorFactory.Create(
        DiagnosticIds.ListStateIgnored, "IListCheckpointed state is ignored beside [Checkpointed] fields",
        "'{0}' has [Checkpointed] fields and {1}: the runtime snapshots and restores only the generated ICheckpointedFunction, " +
        "so the hand-written SnapshotState/RestoreState of IListCheckpointed are never called and that list is neither checkpointed nor restored",
        DiagnosticSeverity.Error,
        "The runtime takes a function's ICheckpointedFunction before its IListCheckpointed<T>. With [Checkpointed] fields the generated ICheckpointedFunction wins, so the hand-written list state is silently lost.");
}
