using Checkpointing.Analyzers.Locks;
using Checkpointing.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Checkpointing.Analyzers.Flow;

/// <summary>
/// The effect of one CFG operation on the lock state. The CFG has already lowered <c>lock (e)</c> into
/// <c>Monitor.Enter(capture, ref taken)</c> in a try and <c>if (taken) Monitor.Exit(capture)</c> in its finally,
/// so <c>lock</c> and hand-written Monitor code are one case.
/// </summary>
internal sealed class LockSemantics
{
    private readonly KnownSymbols known;
    private readonly LockRecognizer recognizer;
    private readonly Dictionary<ILocalSymbol, IOperation> tryEnterFlags = new(SymbolEqualityComparer.Default);

    public LockSemantics(KnownSymbols known, LockRecognizer recognizer, ControlFlowGraph cfg, FlowCaptures captures)
    {
        this.known = known;
        this.recognizer = recognizer;
        Captures = captures;
        // Monitor.TryEnter(x, ref taken): the lock is held where `taken` was tested true.
        foreach (var block in cfg.Blocks)
        {
            foreach (var op in block.Operations)
            {
                foreach (var invocation in op.DescendantsAndSelf().OfType<IInvocationOperation>())
                {
                    if (IsMonitor(invocation, "TryEnter") && invocation.Arguments.Length >= 2 &&
                        invocation.Arguments[invocation.Arguments.Length - 1] is { Parameter.RefKind: RefKind.Ref } flag &&
                        captures.Unwrap(flag.Value) is ILocalReferenceOperation local)
                    {
                        tryEnterFlags[local.Local] = invocation.Arguments[0].Value;
                    }
                }
            }
        }
    }

    public FlowCaptures Captures { get; }

    /// <summary>Await points reached with the checkpoint lock held on some path (CKPT004).</summary>
    public HashSet<IOperation> AwaitsWhileHeld { get; } = new();

    public LockState Apply(LockState state, IOperation operation)
    {
        foreach (var op in operation.DescendantsAndSelf())
        {
            switch (op)
            {
                case IInvocationOperation invocation when invocation.Arguments.Length >= 1 && IsMonitorType(invocation.TargetMethod.ContainingType):
                    state = ApplyMonitor(state, invocation);
                    break;
                case IInvocationOperation invocation when IsThreadingLock(invocation.TargetMethod.ContainingType):
                    state = ApplyThreadingLock(state, invocation);
                    break;
                case var _ when IsAwaitPoint(op):
                    // Recorded on any path the dataflow explores (a may-fact): a loop that awaits drops the must-held
                    // state at its head, yet the first iteration still awaited while owning the lock.
                    if (state.IsHeld) AwaitsWhileHeld.Add(op);
                    state = state.DropOwnership();
                    break;
            }
        }
        return state;
    }

    private LockState ApplyMonitor(LockState state, IInvocationOperation invocation)
    {
        var name = invocation.TargetMethod.Name;
        if (name != "Enter" && name != "Exit") return state; // Wait/Pulse keep the lock; TryEnter acts on branches.
        var match = recognizer.Match(invocation.Arguments[0].Value, Captures);
        if (name == "Enter")
            return match.IsCheckpointLock ? state.Enter(invocation.Syntax) : state.EnterOther(match.NearMatch!);
        return match.IsCheckpointLock ? state.Exit() : state.ExitOther(match.NearMatch!);
    }

    /// <summary>
    /// <c>lock</c> on a System.Threading.Lock lowers to <c>EnterScope()</c> and the scope's <c>Dispose()</c>. It never is
    /// the checkpoint lock (that is an object the runtime locks with Monitor), but the message names it as the near match.
    /// </summary>
    private LockState ApplyThreadingLock(LockState state, IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            case "EnterScope" or "Enter" when invocation.Instance is { } instance:
                return state.EnterOther(ThreadingLockName(instance));
            case "Exit" when invocation.Instance is { } instance:
                return state.ExitOther(ThreadingLockName(instance));
            case "Dispose":
                // Lock.Scope.Dispose: the scope does not say which Lock it came from; drop the Lock near matches.
                foreach (var near in state.Near)
                {
                    if (near.StartsWith(ThreadingLockPrefix, StringComparison.Ordinal)) state = state.ExitOther(near);
                }
                return state;
            default:
                return state;
        }
    }

    private const string ThreadingLockPrefix = "the System.Threading.Lock";

    private string ThreadingLockName(IOperation instance)
    {
        var match = recognizer.Match(instance, Captures);
        return ThreadingLockPrefix + (match.NearMatch is { } name && name.StartsWith("field ", StringComparison.Ordinal) ? " " + name.Substring("field ".Length) : "");
    }

    private bool IsThreadingLock(INamedTypeSymbol? type) =>
        type is not null && known.ThreadingLock is not null &&
        (SymbolEqualityComparer.Default.Equals(type, known.ThreadingLock) || SymbolEqualityComparer.Default.Equals(type.ContainingType, known.ThreadingLock));

    /// <summary>
    /// Whether a branch condition takes the checkpoint lock: <c>true</c> when it holds where the condition is true,
    /// <c>false</c> where it is false (a negated TryEnter), null when the condition does not lock.
    /// </summary>
    public bool? AcquiresWhen(IOperation condition)
    {
        var negated = false;
        var op = Captures.Unwrap(condition);
        while (op is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not)
        {
            negated = !negated;
            op = Captures.Unwrap(not.Operand);
        }
        IOperation? locked = op switch
        {
            IInvocationOperation invocation when IsMonitor(invocation, "TryEnter") && invocation.Arguments.Length >= 1 &&
                invocation.TargetMethod.Parameters.All(p => p.RefKind == RefKind.None) => invocation.Arguments[0].Value,
            ILocalReferenceOperation local when tryEnterFlags.TryGetValue(local.Local, out var flagged) => flagged,
            _ => null,
        };
        if (locked is null || !recognizer.Match(locked, Captures).IsCheckpointLock) return null;
        return !negated;
    }

    /// <summary>
    /// An explicit <c>await</c>, or the awaits the graph makes implicit: <c>await foreach</c> (MoveNextAsync) and
    /// <c>await using</c> (DisposeAsync).
    /// </summary>
    public static bool IsAwaitPoint(IOperation op) =>
        op is IAwaitOperation ||
        (op is IInvocationOperation { IsImplicit: true } invocation && invocation.TargetMethod.Name is "MoveNextAsync" or "DisposeAsync");

    private bool IsMonitor(IInvocationOperation invocation, string name) =>
        invocation.TargetMethod.Name == name && IsMonitorType(invocation.TargetMethod.ContainingType);

    private bool IsMonitorType(INamedTypeSymbol? type) =>
        type is not null && SymbolEqualityComparer.Default.Equals(type, known.Monitor);
}
