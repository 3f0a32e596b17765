using System.Collections.Immutable;
using Checkpointing.Analyzers.Diagnostics;
using Checkpointing.Analyzers.Emission;
using Checkpointing.Analyzers.Exemptions;
using Checkpointing.Analyzers.Flow;
using Checkpointing.Analyzers.Locks;
using Checkpointing.Analyzers.Mutations;
using Checkpointing.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Checkpointing.Analyzers.Analysis;

/// <summary>
/// The reporting pass over one member body: runs the lock dataflow on each control flow graph (the body,
/// then every lambda and local function with the entry state its use implies) and judges every state change,
/// emission, helper call and await against the state at that point.
/// </summary>
internal sealed class BodyWalker
{
    private readonly KnownSymbols known;
    private readonly TypeSession session;
    private readonly INamedTypeSymbol type;
    private readonly LockRecognizer recognizer;
    private readonly MutationFinder mutations;
    private readonly Action<Diagnostic> report;
    private readonly List<Mutation> scratch = new();

    public BodyWalker(KnownSymbols known, TypeSession session, INamedTypeSymbol type, LockRecognizer recognizer, MutationFinder mutations, Action<Diagnostic> report)
    {
        this.known = known;
        this.session = session;
        this.type = type;
        this.recognizer = recognizer;
        this.mutations = mutations;
        this.report = report;
    }

    public void WalkRoot(ControlFlowGraph cfg, EnclosingBody owner, LockState entry)
    {
        var sections = new SectionTracker();
        Walk(cfg, owner, entry, sections);
        sections.Report(report);
    }

    private void Walk(ControlFlowGraph cfg, EnclosingBody owner, LockState entry, SectionTracker sections)
    {
        var captures = new FlowCaptures(cfg);
        var semantics = new LockSemantics(known, recognizer, cfg, captures, owner.Symbol as IMethodSymbol);
        var states = LockDataflow.Run(cfg, semantics, entry);
        var aliases = new AliasFlow(cfg, captures, mutations.Roots);
        for (var i = 0; i < cfg.Blocks.Length; i++)
        {
            var state = states[i];
            if (state is null) continue;
            var block = cfg.Blocks[i];
            var facts = aliases.At(i);
            foreach (var op in block.Operations)
            {
                using (mutations.Roots.Facts(facts)) Visit(op, state, owner, cfg, semantics, sections);
                state = semantics.Apply(state, op);
                aliases.Apply(facts, op);
            }
            if (block.BranchValue is { } branch)
            {
                using (mutations.Roots.Facts(facts)) Visit(branch, state, owner, cfg, semantics, sections);
            }
        }
        foreach (var await in semantics.AwaitsWhileHeld)
        {
            // Implicit awaits (await foreach/using) carry the statement as their syntax, so that is where it is reported.
            report(Diagnostic.Create(Descriptors.AwaitWhileHoldingLock, await.Syntax.GetLocation()));
        }
        foreach (var localFunction in cfg.LocalFunctions)
        {
            // Local functions are helpers: what they do unlocked becomes a requirement on their calls.
            WalkRoot(cfg.GetLocalFunctionControlFlowGraph(localFunction), new EnclosingBody(localFunction, BodyKind.Helper), LockState.Unlocked);
        }
    }

    private void Visit(IOperation operation, LockState state, EnclosingBody owner, ControlFlowGraph cfg, LockSemantics semantics, SectionTracker sections)
    {
        var captures = semantics.Captures;
        scratch.Clear();
        mutations.Find(operation, captures, scratch);
        foreach (var mutation in scratch)
        {
            if (state.IsHeld) sections.Mutation(state.Section, mutation);
            else
            {
                var label = known.StateLabel(mutation.State);
                Unlocked(owner, label, isEmission: false, mutation.Operation.Syntax.GetLocation(), state, Messages.FieldChanged(label));
            }
        }

        foreach (var op in operation.DescendantsAndSelf())
        {
            if (state.IsHeld && BlockingCalls.Describe(op) is { } blocking)
            {
                report(Diagnostic.Create(Descriptors.BlockingWaitWhileHoldingLock, op.Syntax.GetLocation(), blocking));
            }
            switch (op)
            {
                case IInvocationOperation invocation:
                    OnInvocation(invocation, state, owner, semantics, sections);
                    break;
                case IFlowAnonymousFunctionOperation lambda:
                    OnLambda(lambda, state, owner, cfg, captures, sections);
                    break;
                case IMethodReferenceOperation reference:
                    OnMethodGroup(reference, state, owner, captures);
                    break;
            }
        }
    }

    private void OnInvocation(IInvocationOperation invocation, LockState state, EnclosingBody owner, LockSemantics semantics, SectionTracker sections)
    {
        var callee = invocation.TargetMethod;
        var location = invocation.Syntax.GetLocation();
        if (callee.Name == "Collect" && known.IsSourceContext(callee.ContainingType))
        {
            if (state.IsHeld) sections.Emission(state.Section, invocation);
            else if (known.HasCheckpointedState(type)) Unlocked(owner, FirstStateName(), isEmission: true, location, state, "");
            return;
        }
        if (known.RequiresLock(callee))
        {
            if (state.IsHeld) sections.Call(state.Section);
            else Unlocked(owner, callee.Name, isEmission: false, location, state, Messages.RequiresLockCalled(callee.Name), viaContract: true);
            return;
        }
        if (IsTracked(callee))
        {
            if (state.IsHeld) sections.Call(state.Section);
            var (locks, forwarded) = state.IsHeld ? (0UL, default) : LockArguments(invocation, semantics);
            session.Add(new HelperCall(owner.Symbol, owner.Kind, DefersParameterLocks(owner.Symbol), callee.OriginalDefinition, state.IsHeld, location, state.Near,
                locks, forwarded, state.ParamLocks));
        }
    }

    /// <summary>
    /// Which of the callee's parameters get the checkpoint lock here, and which get one of the caller's own parameters
    /// (so a lock-parameter requirement moves on to the caller's callers, to any depth).
    /// </summary>
    private (ulong Locks, ImmutableArray<int> Forwarded) LockArguments(IInvocationOperation invocation, LockSemantics semantics)
    {
        var locks = 0UL;
        int[]? forwarded = null;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is not { Ordinal: < 64 and var ordinal } parameter || parameter.Type.IsValueType) continue;
            if (recognizer.Match(argument.Value, semantics.Captures).IsCheckpointLock)
            {
                locks |= 1UL << ordinal;
                continue;
            }
            var own = semantics.ParameterOrdinal(argument.Value);
            if (own < 0) continue;
            if (forwarded is null)
            {
                forwarded = new int[invocation.TargetMethod.Parameters.Length];
                for (var i = 0; i < forwarded.Length; i++) forwarded[i] = -1;
            }
            if (ordinal < forwarded.Length) forwarded[ordinal] = own;
        }
        return (locks, forwarded is null ? default : ImmutableArray.Create(forwarded));
    }

    private void OnLambda(IFlowAnonymousFunctionOperation lambda, LockState state, EnclosingBody owner, ControlFlowGraph cfg, FlowCaptures captures, SectionTracker sections)
    {
        var body = cfg.GetAnonymousFunctionControlFlowGraph(lambda);
        switch (Classify(lambda, captures))
        {
            case DelegateKind.Synchronous:
                // Runs right here: same locks, same owner, same critical section.
                Walk(body, owner, state, sections);
                break;
            case DelegateKind.RuntimeHeld:
                WalkRoot(body, new EnclosingBody(lambda.Symbol, BodyKind.HeldAtEntry), LockState.HeldAtEntry(lambda.Syntax));
                break;
            default:
                // Escapes (stored, Task.Run, timers, events, lazy LINQ): nothing held, even if created in a constructor.
                WalkRoot(body, new EnclosingBody(lambda.Symbol, BodyKind.Normal), LockState.Unlocked);
                break;
        }
    }

    /// <summary>A delegate given to our own method that locks another argument runs under the checkpoint lock when that argument is it.</summary>
    private DelegateKind Classify(IOperation delegateOperation, FlowCaptures captures)
    {
        var kind = DelegateUsage.Classify(delegateOperation, known, out var lockArgument);
        if (kind != DelegateKind.HeldIfLockArgument) return kind;
        return lockArgument is not null && recognizer.Match(lockArgument, captures).IsCheckpointLock ? DelegateKind.RuntimeHeld : DelegateKind.Synchronous;
    }

    private void OnMethodGroup(IMethodReferenceOperation reference, LockState state, EnclosingBody owner, FlowCaptures captures)
    {
        var method = reference.Method;
        var requires = known.RequiresLock(method);
        if (!requires && !IsTracked(method)) return;
        var kind = Classify(reference, captures);
        var location = reference.Syntax.GetLocation();
        if (kind == DelegateKind.Escapes)
        {
            // A [RequiresCheckpointLock] method breaks its contract right here; a helper runs its body unlocked, so
            // that is where its changes are reported, naming where it went.
            if (requires) Unlocked(new EnclosingBody(owner.Symbol, BodyKind.Normal), method.Name, isEmission: false, location, state, Messages.RequiresLockCalled(method.Name), viaContract: true);
            else session.Add(new Escape(method.OriginalDefinition, EscapeDescription.Of(reference)));
            return;
        }
        var held = kind == DelegateKind.RuntimeHeld || state.IsHeld;
        if (requires)
        {
            if (!held) Unlocked(owner, method.Name, isEmission: false, location, state, Messages.RequiresLockCalled(method.Name), viaContract: true);
            return;
        }
        session.Add(new HelperCall(owner.Symbol, owner.Kind, DefersParameterLocks(owner.Symbol), method.OriginalDefinition, held, location, held ? default : state.Near,
            callerParameterLocks: state.ParamLocks));
    }

    /// <summary>Report here, defer to the callers (helpers, and lock-parameter methods), or accept (exempt units).</summary>
    private void Unlocked(EnclosingBody owner, string stateName, bool isEmission, Location location, LockState state, string what, bool viaContract = false)
    {
        switch (owner.Kind)
        {
            case BodyKind.Exempt:
                return;
            case BodyKind.Helper:
                session.Add(new Requirement(owner.Symbol, stateName, isEmission, location, state.Near, what, viaContract, state.ParamLocks));
                return;
            case BodyKind.Normal when state.ParamLocks != 0 && DefersParameterLocks(owner.Symbol):
                // Under a lock on a parameter of an internal method: the callers of this type say whether it is the checkpoint lock.
                session.Add(new Requirement(owner.Symbol, stateName, isEmission, location, state.Near, what, viaContract, state.ParamLocks));
                return;
            default:
                report(isEmission
                    ? Diagnostic.Create(Descriptors.EmissionNotAtomicWithState, location, stateName, Messages.EmittedUnlocked(what))
                    : Diagnostic.Create(Descriptors.StateChangedWithoutLock, location, what, Messages.NearMatch(state.Near)));
                return;
        }
    }

    /// <summary>Local functions and the type's private helpers; and its internal methods, whose lock parameters its calls may satisfy.</summary>
    private bool IsTracked(IMethodSymbol method) =>
        method.MethodKind == MethodKind.LocalFunction ||
        (SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, type.OriginalDefinition) &&
         (EntryClassifier.Classify(method.OriginalDefinition, known) == BodyKind.Helper || DefersParameterLocks(method.OriginalDefinition)));

    /// <summary>Private and internal ordinary methods and local functions: every call can be seen in this compilation.</summary>
    private static bool DefersParameterLocks(ISymbol symbol) =>
        symbol is IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.LocalFunction, IsOverride: false, ExplicitInterfaceImplementations.IsEmpty: true } method &&
        method.DeclaredAccessibility is Accessibility.Private or Accessibility.Internal;

    private string FirstStateName()
    {
        foreach (var member in type.GetMembers())
        {
            if (member is IFieldSymbol field && known.IsCheckpointed(field))
                return field.AssociatedSymbol?.Name ?? field.Name;
        }
        return "state";
    }
}
