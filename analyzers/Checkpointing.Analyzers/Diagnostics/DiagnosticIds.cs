namespace Checkpointing.Analyzers.Diagnostics;

/// <summary>The ids this assembly owns (CKPT0xx; the generator owns CKPT1xx).</summary>
internal static class DiagnosticIds
{
    public const string StateChangedWithoutLock = "CKPT001";
    public const string EmissionNotAtomicWithState = "CKPT002";
    public const string LockCastToSystemThreadingLock = "CKPT003";
    public const string AwaitWhileHoldingLock = "CKPT004";
    public const string BlockingWaitWhileHoldingLock = "CKPT005";

    /// <summary>One base for every help link, so the docs folder can move in one edit.</summary>
    public const string HelpLinkBase = "https://github.com/checkpointing/checkpointing/blob/main/docs/diagnostics/";

    public static string HelpLink(string id) => HelpLinkBase + id + ".md";
}
