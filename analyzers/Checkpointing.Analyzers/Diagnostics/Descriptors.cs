using Checkpointing.Diagnostics;
using Microsoft.CodeAnalysis;

namespace Checkpointing.Analyzers.Diagnostics;

/// <summary>The lock rules (CKPT0xx); ids, help links and the factory are shared with the generator (<c>analyzers/Shared/Diagnostics</c>).</summary>
internal static class Descriptors
{
    /// <summary>
    /// {0} = what happens, naming the field ("[Checkpointed] field 'offset' is changed", "… is changed by the call to 'Advance'"),
    /// {1} = "" or a near-match note naming the lock that is held instead.
    /// </summary>
    public static readonly DiagnosticDescriptor StateChangedWithoutLock = DescriptorFactory.Create(
        DiagnosticIds.StateChangedWithoutLock,
        title: "Checkpointed state changed without holding the checkpoint lock",
        message: "{0} without holding the checkpoint lock{1}",
        DiagnosticSeverity.Warning,
        description: "A snapshot is taken under the source context's CheckpointLock. A change to checkpointed state outside that lock can be captured half-done or out of step with the records emitted, which breaks exactly-once.");

    /// <summary>{0} = field name (or "checkpointed state"), {1} = the reason.</summary>
    public static readonly DiagnosticDescriptor EmissionNotAtomicWithState = DescriptorFactory.Create(
        DiagnosticIds.EmissionNotAtomicWithState,
        title: "Record emission and state change are not in one critical section",
        message: "Record is emitted {1}; emit it in the same lock (ctx.CheckpointLock) block that changes [Checkpointed] field '{0}'",
        DiagnosticSeverity.Warning,
        description: "Flink's rule: a source emits a record and updates its offset state in one block that holds the checkpoint lock. Otherwise a checkpoint can fall between the two and the record is lost or duplicated on restore.");

    public static readonly DiagnosticDescriptor LockCastToSystemThreadingLock = DescriptorFactory.Create(
        DiagnosticIds.LockCastToSystemThreadingLock,
        title: "The checkpoint lock is locked as a System.Threading.Lock",
        message: "'lock' on the checkpoint lock converted to System.Threading.Lock calls Lock.EnterScope and does not exclude the runtime, which holds the lock with Monitor; lock the object itself",
        DiagnosticSeverity.Warning,
        description: "C# 13 compiles 'lock' on an expression of type System.Threading.Lock to Lock.EnterScope(). The runtime takes the checkpoint lock with Monitor.Enter, so the two never exclude each other.");

    public static readonly DiagnosticDescriptor AwaitWhileHoldingLock = DescriptorFactory.Create(
        DiagnosticIds.AwaitWhileHoldingLock,
        title: "await while holding the checkpoint lock",
        message: "'await' while the checkpoint lock is held via Monitor: the continuation may run on another thread, which does not own the lock, and checkpoints are blocked meanwhile",
        DiagnosticSeverity.Warning,
        description: "Monitor ownership belongs to a thread. After an await the method may resume on another thread, where Monitor.Exit throws SynchronizationLockException and the lock stays held forever, blocking every checkpoint.");

    /// <summary>{0} = the blocking call.</summary>
    public static readonly DiagnosticDescriptor BlockingWaitWhileHoldingLock = DescriptorFactory.Create(
        DiagnosticIds.BlockingWaitWhileHoldingLock,
        title: "Blocking wait while holding the checkpoint lock",
        message: "'{0}' blocks while the checkpoint lock is held: no checkpoint can be taken until it returns; wait outside the lock (Monitor.Wait releases it)",
        DiagnosticSeverity.Warning,
        description: "The runtime needs the checkpoint lock to snapshot a subtask. Sleeping or waiting for a task inside the lock stalls every checkpoint of that subtask for the whole wait, and can deadlock when the awaited work needs the lock.");
}
