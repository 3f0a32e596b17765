using System.Collections.Immutable;

namespace Checkpointing.Analyzers.Diagnostics;

/// <summary>The variable parts of the messages, in one place so they read the same everywhere.</summary>
internal static class Messages
{
    /// <summary>How a piece of state is named: "[Checkpointed] field 'offset'" or, for hand-written snapshots, "field 'offset' (snapshotted by SnapshotState)".</summary>
    public static string StateLabel(string name, bool declared) =>
        declared ? $"[Checkpointed] field '{name}'" : $"Field '{name}' (snapshotted by SnapshotState)";

    public static string FieldChanged(string label) => $"{label} is changed";

    public static string FieldChangedByCall(string label, string callee) => $"{label} is changed by the call to '{callee}'";

    public static string RequiresLockCalled(string callee) => $"'{callee}' is marked [RequiresCheckpointLock] and is called";

    public static string ContractCalledVia(string required, string callee) => $"'{required}' is marked [RequiresCheckpointLock] and is called through '{callee}'";

    public const string EmittedWithoutLock = "without holding the checkpoint lock";

    public const string EmittedInOtherSection = "in a different critical section";

    public static string EmittedByCall(string callee) => $"by the call to '{callee}' without holding the checkpoint lock";

    /// <summary>
    /// A change inside a method that escapes as a delegate ("… is changed in 'Tick', which is passed to
    /// System.Threading.Timer at line 12 and runs" + " without holding the checkpoint lock").
    /// </summary>
    public static string ChangedInEscaped(string what, string method, string escape) => $"{what} in '{method}', which is {escape} and runs";

    /// <summary>The CKPT002 reason for an emission inside a method that escapes as a delegate.</summary>
    public static string EmittedInEscaped(string how, string method, string escape) =>
        (how.Length == 0 ? "" : how + " ") + $"in '{method}', which is {escape} and runs without holding the checkpoint lock";

    /// <summary>The CKPT002 reason for an emission, direct ("") or through a call ("by the call to 'Emit'").</summary>
    public static string EmittedUnlocked(string how) => how.Length == 0 ? EmittedWithoutLock : how + " without holding the checkpoint lock";

    public static string ByCall(string callee) => $"by the call to '{callee}'";

    /// <summary>The "near match": the lock that is held instead of the checkpoint lock.</summary>
    public static string NearMatch(ImmutableArray<string> near) =>
        near.IsDefaultOrEmpty ? "" : $" (the lock held is on {string.Join(" and ", near)}, not on the context's CheckpointLock)";
}
