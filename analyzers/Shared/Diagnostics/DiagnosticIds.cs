namespace Checkpointing.Diagnostics;

/// <summary>
/// Every CKPT rule id and the one help-link base, compiled into the generator (its usage analyzer, CKPT1xx) and into
/// the lock analyzers (CKPT0xx), whose code fixes use it through them. Each id has a page <c>docs/diagnostics/&lt;id&gt;.md</c>
/// and a line in its assembly's <c>AnalyzerReleases.Unshipped.md</c>.
/// </summary>
internal static class DiagnosticIds
{
    /// <summary>Checkpointed state changed without holding the checkpoint lock.</summary>
    public const string StateChangedWithoutLock = "CKPT001";
    /// <summary>Record emission and state change are not in one critical section.</summary>
    public const string EmissionNotAtomicWithState = "CKPT002";
    /// <summary>The checkpoint lock is locked as a <c>System.Threading.Lock</c>.</summary>
    public const string LockCastToSystemThreadingLock = "CKPT003";
    /// <summary><c>await</c> while holding the checkpoint lock.</summary>
    public const string AwaitWhileHoldingLock = "CKPT004";
    /// <summary>Blocking wait while holding the checkpoint lock.</summary>
    public const string BlockingWaitWhileHoldingLock = "CKPT005";

    /// <summary>A type with checkpointed fields (or one containing it) is not partial.</summary>
    public const string NotPartial = "CKPT101";
    /// <summary>A checkpointed field cannot be assigned on restore.</summary>
    public const string InvalidField = "CKPT102";
    /// <summary>A checkpointed field's type cannot be serialized.</summary>
    public const string UnsupportedType = "CKPT103";
    /// <summary>Two checkpointed fields use the same state name.</summary>
    public const string DuplicateStateName = "CKPT104";
    /// <summary>The Merge method is missing or has the wrong signature.</summary>
    public const string InvalidMerge = "CKPT105";
    /// <summary>A Union scalar field without Merge.</summary>
    public const string UnionWithoutMerge = "CKPT106";
    /// <summary>Checkpointed fields outside a class.</summary>
    public const string NotAClass = "CKPT107";
    /// <summary>SnapshotState is already written by hand.</summary>
    public const string AlreadyImplemented = "CKPT108";
    /// <summary>IListCheckpointed state is ignored beside [Checkpointed] fields.</summary>
    public const string ListStateIgnored = "CKPT109";

    /// <summary>The category of every rule.</summary>
    public const string Category = "Checkpointing";

    /// <summary>One base for every help link, so the docs folder can move in one edit.</summary>
    public const string HelpLinkBase = "https://github.com/checkpointing/checkpointing/blob/main/docs/diagnostics/";

    public static string HelpLink(string id) => HelpLinkBase + id + ".md";
}
