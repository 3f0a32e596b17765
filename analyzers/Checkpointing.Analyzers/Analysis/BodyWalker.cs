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
        var semantics = new LockSemantics(known, recognizer, cfg, captures);
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
                using (mutations.Roots.Facts(facts)) Visit(op, state, owner, cfg, captures, sections);
                state = semantics.Apply(state, op);
                aliases.Apply(facts, op);
            }
            if (block.BranchValue is { } branch)
            {
                using (mutations.Roots.Facts(facts)) Visit(branch, state, owner, cfg, captures, sections);
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

    private void Visit(IOperation operation, LockState state, EnclosingBody owner, ControlFlowGraph cfg, FlowCaptures captures, SectionTracker sections)
    {
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
                    OnInvocation(invocation, state, owner, sections);
                    break;
                case IFlowAnonymousFunctionOperation lambda:
                    OnLambda(lambda, state, owner, cfg, sections);
                    break;
                case IMethodReferenceOperation reference:
                    OnMethodGroup(reference, state, owner);
                    break;
            }
        }
    }

    private void OnInvocation(IInvocationOperation invocation, LockState state, EnclosingBody owner, SectionTracker sections)
    {
        var callee = invocation.TargetMethod;
        var location = invocation.Syntax.GetLocation();
        if (callee.Name == "Collect" && known.IsSourceContext(callee.ContainingType))
        {
            if (state.IsHeld) sections.Emission(state.Section, invocation);
            else if (known.HasCheckpointedState(type)) Unlocked(owner, FirstStateName(), isEmission: true, location, state, Messages.EmittedWithoutLock);
            return;
        }
        if (known.RequiresLock(callee))
        {
            if (state.IsHeld) sections.Call(state.Section);
            else Unlocked(owner, callee.Name, isEmission: false, location, state, Messages.RequiresLockCalled(callee.Name), viaContract: true);
            return;
        }
        if (IsHelper(callee))
        {
            if (state.IsHeld) sections.Call(state.Section);
            session.Add(new HelperCall(owner.Symbol, owner.Kind, callee.OriginalDefinition, state.IsHeld, location, state.Near));
        }
    }

    private void OnLambda(IFlowAnonymousFunctionOperation lambda, LockState state, EnclosingBody owner, ControlFlowGraph cfg, SectionTracker sections)
    {
        var body = cfg.GetAnonymousFunctionControlFlowGraph(lambda);
        switch (DelegateUsage.Classify(lambda, known))
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

    private void OnMethodGroup(IMethodReferenceOperation reference, LockState state, EnclosingBody owner)
    {
        var method = reference.Method;
        var requires = known.RequiresLock(method);
        if (!requires && !IsHelper(method)) return;
        var kind = DelegateUsage.Classify(reference, known);
        var held = kind switch
        {
            DelegateKind.Synchronous => state.IsHeld,
            DelegateKind.RuntimeHeld => true,
            _ => false,
        };
        var caller = kind == DelegateKind.Escapes ? new EnclosingBody(owner.Symbol, BodyKind.Normal) : owner;
        var location = reference.Syntax.GetLocation();
        if (requires)
        {
            if (!held) Unlocked(caller, method.Name, isEmission: false, location, state, Messages.RequiresLockCalled(method.Name), viaContract: true);
            return;
        }
        session.Add(new HelperCall(caller.Symbol, caller.Kind, method.OriginalDefinition, held, location, held ? default : state.Near));
    }

    /// <summary>Report here, defer to the callers (helpers), or accept (exempt units).</summary>
    private void Unlocked(EnclosingBody owner, string stateName, bool isEmission, Location location, LockState state, string text, bool viaContract = false)
    {
        switch (owner.Kind)
        {
            case BodyKind.Exempt:
                return;
            case BodyKind.Helper:
                session.Add(new Requirement(owner.Symbol, stateName, isEmission, location, state.Near, text, viaContract));
                return;
            default:
                report(isEmission
                    ? Diagnostic.Create(Descriptors.EmissionNotAtomicWithState, location, stateName, text)
                    : Diagnostic.Create(Descriptors.StateChangedWithoutLock, location, text, Messages.NearMatch(state.Near)));
                return;
        }
    }

    private bool IsHelper(IMethodSymbol method) =>
        method.MethodKind == MethodKind.LocalFunction ||
        (SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, type.OriginalDefinition) &&
         EntryClassifier.Classify(method.OriginalDefinition, known) == BodyKind.Helper);

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
