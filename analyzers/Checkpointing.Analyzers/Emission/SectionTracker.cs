using Checkpointing.Analyzers.Diagnostics;
using Checkpointing.Analyzers.Flow;
using Checkpointing.Analyzers.Mutations;
using Microsoft.CodeAnalysis;

namespace Checkpointing.Analyzers.Emission;

/// <summary>
/// Flink's "same synchronized block" rule for one method: which critical section each emission and each
/// locked state change happened in. An emission in a section that changes no state, while the method changes
/// state in another section, lets a checkpoint fall between the record and its offset.
/// </summary>
internal sealed class SectionTracker
{
    private readonly List<(object Section, Mutation Mutation)> mutations = new();
    private readonly List<(object Section, IOperation Collect)> emissions = new();
    private readonly HashSet<object> sectionsWithCalls = new();

    public void Mutation(object? section, Mutation mutation)
    {
        if (IsKnown(section)) mutations.Add((section!, mutation));
    }

    /// <summary>A call to a lock-requiring helper may change state in this section; never report against it.</summary>
    public void Call(object? section)
    {
        if (IsKnown(section)) sectionsWithCalls.Add(section!);
    }

    public void Emission(object? section, IOperation collect)
    {
        if (IsKnown(section)) emissions.Add((section!, collect));
    }

    public void Report(Action<Diagnostic> report)
    {
        if (mutations.Count == 0) return;
        foreach (var (section, collect) in emissions)
        {
            if (sectionsWithCalls.Contains(section) || mutations.Exists(m => ReferenceEquals(m.Section, section))) continue;
            var other = mutations[0].Mutation;
            report(Diagnostic.Create(
                Descriptors.EmissionNotAtomicWithState,
                collect.Syntax.GetLocation(),
                additionalLocations: new[] { other.Operation.Syntax.GetLocation() },
                other.State.Name,
                Messages.EmittedInOtherSection));
        }
    }

    private static bool IsKnown(object? section) => section is not null && !ReferenceEquals(section, LockState.Mixed);
}
