namespace Checkpointing.Serialization.Layouts;

/// <summary>A layout as stored with a state in a checkpoint: a type's full name and its member names in written order.</summary>
internal sealed class StoredLayout(string typeName, IReadOnlyList<string> members) : IEquatable<StoredLayout>
{
    public string TypeName { get; } = typeName;

    public IReadOnlyList<string> Members { get; } = members;

    public static StoredLayout Of(TypeLayout layout) => new(layout.TypeName, layout.Members);

    public bool Equals(StoredLayout? other) =>
        other is not null && TypeName == other.TypeName && Members.SequenceEqual(other.Members, StringComparer.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as StoredLayout);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(TypeName);

    public override string ToString() => $"{TypeName}({string.Join(", ", Members)})";

    /// <summary>
    /// The layouts of several subtasks' parts of one state, each type once. Parts written by one job share their code,
    /// so a type stored with two different member lists means the parts do not belong together.
    /// </summary>
    public static IReadOnlyList<StoredLayout> Merge<TState>(IReadOnlyList<IReadOnlyList<StoredLayout>> parts, TState state, Func<TState, StoredLayout, StoredLayout, Exception> conflict)
    {
        Dictionary<string, StoredLayout>? merged = null;
        IReadOnlyList<StoredLayout> first = [];
        for (var p = 0; p < parts.Count; p++)
        {
            var part = parts[p];
            if (part.Count == 0) continue;
            if (merged is null && first.Count == 0)
            {
                first = part;
                continue;
            }
            if (merged is null)
            {
                merged = new(StringComparer.Ordinal);
                foreach (var layout in first) merged[layout.TypeName] = layout;
            }
            foreach (var layout in part)
            {
                if (!merged.TryGetValue(layout.TypeName, out var known)) merged.Add(layout.TypeName, layout);
                else if (!known.Equals(layout)) throw conflict(state, known, layout);
            }
        }
        return merged is null ? first : [.. merged.Values.OrderBy(l => l.TypeName, StringComparer.Ordinal)];
    }
}
