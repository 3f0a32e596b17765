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
    private readonly IMethodSymbol? method;
    private readonly Dictionary<ILocalSymbol, IOperation> tryEnterFlags = new(SymbolEqualityComparer.Default);

    /// <param name="method">The method whose parameters a lock may be taken on (null for lambdas that escape).</param>
    public LockSemantics(KnownSymbols known, LockRecognizer recognizer, ControlFlowGraph cfg, FlowCaptures captures, IMethodSymbol? method)
    {
        this.known = known;
        this.recognizer = recognizer;
        this.method = method;
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
                case IInvocationOperation invocation when IsAssertion(invocation) && LockChecked(invocation.Arguments[0].Value) is { Negated: false } check:
                    // Debug.Assert(Monitor.IsEntered(gate)): past the assertion the lock is held (or the process stops).
                    state = check.Parameter is { } ordinal ? state.EnterParameter(ordinal) : state.Assert(invocation.Syntax);
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
        var locked = invocation.Arguments[0].Value;
        var match = recognizer.Match(locked, Captures);
        if (name == "Enter")
            return match.IsCheckpointLock ? state.Enter(invocation.Syntax) : state.EnterOther(match.NearMatch!).EnterParameter(ParameterOrdinal(locked));
        return match.IsCheckpointLock ? state.Exit() : state.ExitOther(match.NearMatch!).ExitParameter(ParameterOrdinal(locked));
    }

    /// <summary>
    /// The ordinal of the method's own parameter that <paramref name="locked"/> is (<c>lock (gate)</c> in
    /// <c>void Step(object gate)</c>), or -1. Whether it is the checkpoint lock is decided at each call.
    /// </summary>
    public int ParameterOrdinal(IOperation locked) =>
        method is not null && Captures.Unwrap(locked) is IParameterReferenceOperation parameter &&
        SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol, method)
            ? parameter.Parameter.Ordinal
            : -1;

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
    /// Whether a branch condition takes the checkpoint lock (TryEnter) or finds it held (Monitor.IsEntered, an
    /// assertion guard: <c>if (!Monitor.IsEntered(gate)) throw …;</c>), and on which edge; null when it says nothing
    /// about the lock. The edge that fails the check keeps the state it had, so a guard establishes the lock after it
    /// only when its failing branch leaves (throws or returns) — the meet of the two edges does the rest.
    /// </summary>
    public BranchLock? LockOnBranch(IOperation condition)
    {
        var (op, negated) = WithoutNot(condition);
        switch (op)
        {
            case IInvocationOperation invocation when IsMonitor(invocation, "TryEnter") && invocation.Arguments.Length >= 1 &&
                invocation.TargetMethod.Parameters.All(p => p.RefKind == RefKind.None):
                return Taken(invocation.Arguments[0].Value, negated, BranchLockKind.Acquires);
            case ILocalReferenceOperation local when tryEnterFlags.TryGetValue(local.Local, out var flagged):
                return Taken(flagged, negated, BranchLockKind.Acquires);
        }
        return LockChecked(condition) is { } check
            ? new BranchLock(!check.Negated, check.Parameter is { } ordinal ? BranchLockKind.ParameterHeld : BranchLockKind.Held, check.Parameter ?? -1)
            : null;
    }

    private BranchLock? Taken(IOperation locked, bool negated, BranchLockKind kind) =>
        recognizer.Match(locked, Captures).IsCheckpointLock ? new BranchLock(!negated, kind, -1) : null;

    /// <summary><c>Monitor.IsEntered(x)</c>, possibly negated, where x is the checkpoint lock or a parameter of the method.</summary>
    private (bool Negated, int? Parameter)? LockChecked(IOperation condition)
    {
        var (op, negated) = WithoutNot(condition);
        if (op is not IInvocationOperation invocation || !IsMonitor(invocation, "IsEntered") || invocation.Arguments.Length != 1) return null;
        var locked = invocation.Arguments[0].Value;
        if (recognizer.Match(locked, Captures).IsCheckpointLock) return (negated, null);
        var ordinal = ParameterOrdinal(locked);
        return ordinal >= 0 ? (negated, ordinal) : null;
    }

    /// <summary>The condition with its leading <c>!</c>s taken off, and whether their number was odd.</summary>
    private (IOperation Operand, bool Negated) WithoutNot(IOperation condition)
    {
        var negated = false;
        var op = Captures.Unwrap(condition);
        while (op is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not)
        {
            negated = !negated;
            op = Captures.Unwrap(not.Operand);
        }
        return (op, negated);
    }

    /// <summary><c>Debug.Assert(…)</c> or <c>Trace.Assert(…)</c>.</summary>
    private static bool IsAssertion(IInvocationOperation invocation) =>
        invocation.TargetMethod is { Name: "Assert", IsStatic: true, ContainingType: { } type } && invocation.Arguments.Length >= 1 &&
        type.Name is "Debug" or "Trace" && type.ContainingNamespace?.ToDisplayString() == "System.Diagnostics";

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
