using System.Collections.Immutable;
using System.ComponentModel;

namespace Checkpointing.Serialization.Generated;

/// <summary>Small helpers the generated <c>SnapshotState</c> uses to hand a collection field to its state.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class StateUnits
{
    /// <summary>The elements of a collection field; a null field declares its state with no units.</summary>
    public static IEnumerable<T> Of<T>(IEnumerable<T>? collection) => collection ?? [];

    /// <summary>The elements of an <c>ImmutableArray</c> field; the default (uninitialized) array has none.</summary>
    public static IEnumerable<T> Of<T>(ImmutableArray<T> collection) => collection.IsDefault ? [] : collection;

    /// <summary>
    /// The units received, as a list a collection builder accepts. The restore context already decodes into a fresh
    /// list owned by the caller, so that list is taken as it is rather than copied.
    /// </summary>
    public static List<T> ToList<T>(IReadOnlyList<T> units) => units as List<T> ?? [.. units];
}
