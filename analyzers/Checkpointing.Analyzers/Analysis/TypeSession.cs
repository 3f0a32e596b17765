using Checkpointing.Analyzers.Diagnostics;
using Checkpointing.Analyzers.Exemptions;
using Microsoft.CodeAnalysis;

namespace Checkpointing.Analyzers.Analysis;

/// <summary>
/// Everything learnt about one type's members while their bodies are analysed (concurrently), resolved when the
/// type is complete: which private helpers and local functions need the lock (or a lock parameter given the
/// checkpoint lock), which of their calls lack it, and which helpers escape as delegates.
/// </summary>
internal sealed class TypeSession
{
    /// <summary>Requirements one unit may collect through its calls; past it, further ones add nothing to report.</summary>
    private const int MaxRequirementsPerUnit = 16;

    private readonly object gate = new();
    private readonly List<Requirement> requirements = new();
    private readonly List<HelperCall> calls = new();
    private readonly List<Escape> escapes = new();

    public void Add(Requirement requirement)
    {
        lock (gate) requirements.Add(requirement);
    }

    public void Add(HelperCall call)
    {
        lock (gate) calls.Add(call);
    }

    public void Add(Escape escape)
    {
        lock (gate) escapes.Add(escape);
    }

    public void Report(Action<Diagnostic> report)
    {
        List<Requirement> direct;
        List<HelperCall> callsCopy;
        List<Escape> escapesCopy;
        lock (gate)
        {
            direct = new List<Requirement>(requirements);
            callsCopy = new List<HelperCall>(calls);
            escapesCopy = new List<Escape>(escapes);
        }
        if (direct.Count == 0) return;

        var needs = new Dictionary<ISymbol, List<Requirement>>(SymbolEqualityComparer.Default);
        foreach (var r in direct) Need(needs, r);

        // A helper that calls a needy helper without meeting the need is needy too (REQUIRES propagates to callers),
        // at that call; a need met by a lock on one of its own parameters becomes a need on that parameter. Each unit
        // gains at most one requirement per call and parameter set, so this ends.
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var call in callsCopy)
            {
                if (!needs.TryGetValue(call.Callee, out var calleeNeeds)) continue;
                foreach (var need in calleeNeeds.ToArray())
                {
                    if (call.Satisfies(need)) continue;
                    var parameters = call.CallerParametersFor(need);
                    if (!Defers(call, parameters)) continue;
                    changed |= Need(needs, Derived(call, need, parameters));
                }
            }
        }

        // Unlocked calls from code that cannot pass the obligation on: reported at the call (state changes first).
        var called = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var call in callsCopy)
        {
            called.Add(call.Callee);
            if (call.CallerKind == BodyKind.Exempt || !needs.TryGetValue(call.Callee, out var calleeNeeds)) continue;
            Requirement? unmet = null;
            foreach (var need in calleeNeeds)
            {
                if (call.Satisfies(need) || Defers(call, call.CallerParametersFor(need))) continue;
                if (unmet is null || (unmet.IsEmission && !need.IsEmission)) unmet = need;
            }
            if (unmet is null) continue;
            report(unmet.IsEmission
                ? Diagnostic.Create(Descriptors.EmissionNotAtomicWithState, call.Location, unmet.StateName, Messages.EmittedByCall(call.Callee.Name))
                : Diagnostic.Create(Descriptors.StateChangedWithoutLock, call.Location, CalledWhat(unmet, call.Callee.Name), Messages.NearMatch(call.Near)));
        }

        // A helper that escapes as a delegate runs with no lock: judged where the change happens, naming the escape.
        // One nobody calls (or only code we cannot see calls) is judged there too.
        var escaped = new Dictionary<ISymbol, string>(SymbolEqualityComparer.Default);
        foreach (var escape in escapesCopy)
        {
            if (!escaped.ContainsKey(escape.Method)) escaped[escape.Method] = escape.Description;
        }
        foreach (var pair in needs)
        {
            var escape = escaped.TryGetValue(pair.Key, out var description) ? description : null;
            if (escape is null && called.Contains(pair.Key)) continue;
            foreach (var need in pair.Value) report(need.ToDiagnostic(escape));
        }
    }

    /// <summary>Helpers pass every need on; private and internal methods pass on a need their parameter locks can meet.</summary>
    private static bool Defers(HelperCall call, ulong parameters) =>
        call.CallerKind == BodyKind.Helper || (parameters != 0 && call.CallerDefersParameterLocks);

    private static Requirement Derived(HelperCall call, Requirement need, ulong parameters) =>
        new(call.Caller, need.StateName, need.IsEmission, call.Location, call.Near,
            need.IsEmission ? Messages.ByCall(call.Callee.Name) : CalledWhat(need, call.Callee.Name), need.ViaContract, parameters);

    private static string CalledWhat(Requirement need, string callee) =>
        need.ViaContract ? Messages.ContractCalledVia(need.StateName, callee) : Messages.FieldChangedByCall(need.StateName, callee);

    /// <summary>Adds a requirement unless its unit has one at the same place for the same parameters; true if added.</summary>
    private static bool Need(Dictionary<ISymbol, List<Requirement>> needs, Requirement requirement)
    {
        if (!needs.TryGetValue(requirement.Unit, out var list)) needs[requirement.Unit] = list = new List<Requirement>(1);
        if (list.Count >= MaxRequirementsPerUnit) return false;
        foreach (var existing in list)
        {
            if (existing.Parameters == requirement.Parameters && existing.Location == requirement.Location) return false;
        }
        list.Add(requirement);
        return true;
    }
}
