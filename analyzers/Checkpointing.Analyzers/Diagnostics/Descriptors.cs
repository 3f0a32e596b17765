using Microsoft.CodeAnalysis;

namespace Checkpointing.Analyzers.Diagnostics;

internal static class Descriptors
{
    private const string Category = "Checkpointing";

    /// <summary>
    /// {0} = what happens, naming the field ("[Checkpointed] field 'offset' is changed", "… is changed by the call to 'Advance'"),
    /// {1} = "" or a near-match note naming the lock that is held instead.
    /// </summary>
    public static readonly DiagnosticDescriptor StateChangedWithoutLock = new(
        DiagnosticIds.StateChangedWithoutLock,
        title: "Checkpointed state changed without holding the checkpoint lock",
        messageFormat: "{0} without holding the checkpoint lock{1}",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A snapshot is taken under the source context's CheckpointLock. A change to checkpointed state outside that lock can be captured half-done or out of step with the records emitted, which breaks exactly-once.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.StateChangedWithoutLock));

    /// <summary>{0} = field name (or "checkpointed state"), {1} = the reason.</summary>
    public static readonly DiagnosticDescriptor EmissionNotAtomicWithState = new(
        DiagnosticIds.EmissionNotAtomicWithState,
        title: "Record emission and state change are not in one critical section",
        messageFormat: "Record is emitted {1}; emit it in the same lock (ctx.CheckpointLock) block that changes [Checkpointed] field '{0}'",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Flink's rule: a source emits a record and updates its offset state in one block that holds the checkpoint lock. Otherwise a checkpoint can fall between the two and the record is lost or duplicated on restore.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.EmissionNotAtomicWithState));

    public static readonly DiagnosticDescriptor LockCastToSystemThreadingLock = new(
        DiagnosticIds.LockCastToSystemThreadingLock,
        title: "The checkpoint lock is locked as a System.Threading.Lock",
        messageFormat: "'lock' on the checkpoint lock converted to System.Threading.Lock calls Lock.EnterScope and does not exclude the runtime, which holds the lock with Monitor; lock the object itself",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "C# 13 compiles 'lock' on an expression of type System.Threading.Lock to Lock.EnterScope(). The runtime takes the checkpoint lock with Monitor.Enter, so the two never exclude each other.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.LockCastToSystemThreadingLock));

    public static readonly DiagnosticDescriptor AwaitWhileHoldingLock = new(
        DiagnosticIds.AwaitWhileHoldingLock,
        title: "await while holding the checkpoint lock",
        messageFormat: "'await' while the checkpoint lock is held via Monitor: the continuation may run on another thread, which does not own the lock, and checkpoints are blocked meanwhile",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Monitor ownership belongs to a thread. After an await the method may resume on another thread, where Monitor.Exit throws SynchronizationLockException and the lock stays held forever, blocking every checkpoint.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.AwaitWhileHoldingLock));

    /// <summary>{0} = the blocking call.</summary>
    public static readonly DiagnosticDescriptor BlockingWaitWhileHoldingLock = new(
        DiagnosticIds.BlockingWaitWhileHoldingLock,
        title: "Blocking wait while holding the checkpoint lock",
        messageFormat: "'{0}' blocks while the checkpoint lock is held: no checkpoint can be taken until it returns; wait outside the lock (Monitor.Wait releases it)",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The runtime needs the checkpoint lock to snapshot a subtask. Sleeping or waiting for a task inside the lock stalls every checkpoint of that subtask for the whole wait, and can deadlock when the awaited work needs the lock.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.BlockingWaitWhileHoldingLock));
}
