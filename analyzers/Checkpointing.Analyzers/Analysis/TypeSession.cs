using Checkpointing.Analyzers.Diagnostics;
using Checkpointing.Analyzers.Exemptions;
using Microsoft.CodeAnalysis;

namespace Checkpointing.Analyzers.Analysis;

/// <summary>
/// Everything learnt about one type's members while their bodies are analysed (concurrently), resolved when the
/// type is complete: which private helpers and local functions need the lock, and which of their calls lack it.
/// </summary>
internal sealed class TypeSession
{
    private readonly object gate = new();
    private readonly List<Requirement> requirements = new();
    private readonly List<HelperCall> calls = new();

    public void Add(Requirement requirement)
    {
        lock (gate) requirements.Add(requirement);
    }

    public void Add(HelperCall call)
    {
        lock (gate) calls.Add(call);
    }

    public void Report(Action<Diagnostic> report)
    {
        List<Requirement> requirementsCopy;
        List<HelperCall> callsCopy;
        lock (gate)
        {
            requirementsCopy = new List<Requirement>(requirements);
            callsCopy = new List<HelperCall>(calls);
        }
        if (requirementsCopy.Count == 0) return;

        // The first requirement of each unit, state changes before emissions (the stronger message).
        var needs = new Dictionary<ISymbol, Requirement>(SymbolEqualityComparer.Default);
        foreach (var r in requirementsCopy)
        {
            if (!needs.TryGetValue(r.Unit, out var existing) || (existing.IsEmission && !r.IsEmission)) needs[r.Unit] = r;
        }

        // A helper that calls a needy helper without the lock is needy too (REQUIRES propagates to callers).
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var call in callsCopy)
            {
                if (call.Held || call.CallerKind != BodyKind.Helper || needs.ContainsKey(call.Caller)) continue;
                if (needs.TryGetValue(call.Callee, out var inherited))
                {
                    needs[call.Caller] = inherited;
                    changed = true;
                }
            }
        }

        var called = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var call in callsCopy)
        {
            called.Add(call.Callee);
            if (call.Held || call.CallerKind is BodyKind.Helper or BodyKind.Exempt) continue;
            if (!needs.TryGetValue(call.Callee, out var need)) continue;
            report(need.IsEmission
                ? Diagnostic.Create(Descriptors.EmissionNotAtomicWithState, call.Location, need.StateName, Messages.EmittedByCall(call.Callee.Name))
                : Diagnostic.Create(Descriptors.StateChangedWithoutLock, call.Location,
                    need.ViaContract ? Messages.ContractCalledVia(need.StateName, call.Callee.Name) : Messages.FieldChangedByCall(need.StateName, call.Callee.Name),
                    Messages.NearMatch(call.Near)));
        }

        // A helper nobody calls (or only code we cannot see calls) is judged where the change happens.
        foreach (var r in requirementsCopy)
        {
            if (called.Contains(r.Unit)) continue;
            report(r.IsEmission
                ? Diagnostic.Create(Descriptors.EmissionNotAtomicWithState, r.Location, r.StateName, Messages.EmittedWithoutLock)
                : Diagnostic.Create(Descriptors.StateChangedWithoutLock, r.Location, r.Direct, Messages.NearMatch(r.Near)));
        }
    }
}
