using Microsoft.CodeAnalysis;

namespace Checkpointing.Generators.Diagnostics;

/// <summary>The usage diagnostics of <c>[Checkpointed]</c> (CKPT1xx). Reported by <see cref="CheckpointedUsageAnalyzer"/>.</summary>
internal static class DiagnosticDescriptors
{
    public const string NotPartialId = "CKPT101";
    public const string InvalidFieldId = "CKPT102";
    public const string UnsupportedTypeId = "CKPT103";
    public const string DuplicateStateNameId = "CKPT104";
    public const string InvalidMergeId = "CKPT105";
    public const string UnionWithoutMergeId = "CKPT106";
    public const string NotAClassId = "CKPT107";
    public const string AlreadyImplementedId = "CKPT108";
    public const string ListStateIgnoredId = "CKPT109";

    private const string Category = "Checkpointing";
    private const string HelpLinkBase = "https://github.com/checkpointing/checkpointing/blob/main/docs/diagnostics/";

    public static readonly DiagnosticDescriptor NotPartial = Create(
        NotPartialId, "Type with checkpointed fields must be partial",
        "'{0}' must be partial so the generator can implement ICheckpointedFunction for '{1}'",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidField = Create(
        InvalidFieldId, "Checkpointed field cannot be restored",
        "Field '{0}' cannot be checkpointed because it is {1}; restore must be able to assign it",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnsupportedType = Create(
        UnsupportedTypeId, "Checkpointed field has a type that cannot be serialized",
        "Field '{0}' cannot be checkpointed: {1}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor DuplicateStateName = Create(
        DuplicateStateNameId, "Two checkpointed fields use the same state name",
        "Field '{0}' uses the state name '{1}', which '{2}' already uses",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidMerge = Create(
        InvalidMergeId, "Merge method is missing or has the wrong signature",
        "Merge of field '{0}': {1}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnionWithoutMerge = Create(
        UnionWithoutMergeId, "Union scalar field without Merge",
        "Scalar field '{0}' is redistributed as Union but declares no Merge; a restore from more than one subtask will fail",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor NotAClass = Create(
        NotAClassId, "Checkpointed fields must be declared in a class",
        "'{0}' is a {1}; [Checkpointed] fields are only checkpointed in classes (a function instance is a class)",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor AlreadyImplemented = Create(
        AlreadyImplementedId, "SnapshotState is already written by hand",
        "'{0}' has [Checkpointed] fields but {1}; the generated SnapshotState/RestoreState cannot be added",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ListStateIgnored = Create(
        ListStateIgnoredId, "IListCheckpointed state is ignored beside [Checkpointed] fields",
        "'{0}' has [Checkpointed] fields and {1}: the runtime snapshots and restores only the generated ICheckpointedFunction, " +
        "so the hand-written SnapshotState/RestoreState of IListCheckpointed are never called and that list is neither checkpointed nor restored",
        DiagnosticSeverity.Error);

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md");
}
