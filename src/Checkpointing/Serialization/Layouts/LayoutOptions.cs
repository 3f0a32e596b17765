using System.Runtime.CompilerServices;
using MessagePack;

namespace Checkpointing.Serialization.Layouts;

/// <summary>
/// The serializer options of one state being written: <see cref="CheckpointFormatters.Options"/> plus the layouts of
/// the user types written into it, to be stored with the state. One instance per state per snapshot, one thread.
/// </summary>
internal sealed class LayoutRecordingOptions() : MessagePackSerializerOptions(CheckpointFormatters.Options)
{
    private readonly List<StoredLayout> layouts = [];
    private bool[] seen = [];

    /// <summary>The layouts noted, in first-use order.</summary>
    public IReadOnlyList<StoredLayout> Layouts => layouts;

    /// <summary>Whether <paramref name="layout"/> was noted already: the check made for every object written, kept inlinable.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Has(TypeLayout layout) => (uint)layout.Id < (uint)seen.Length && seen[layout.Id];

    /// <summary>Notes <paramref name="layout"/> (once per type per state).</summary>
    public void Add(TypeLayout layout)
    {
        if (Has(layout)) return;
        var id = layout.Id;
        if (id >= seen.Length) Array.Resize(ref seen, Math.Max(id + 1, seen.Length * 2));
        seen[id] = true;
        layouts.Add(StoredLayout.Of(layout));
    }
}

/// <summary>
/// The serializer options of one state being restored: maps each generated type's stored layout to its current one,
/// by member name. A type stored as it is declared now maps to itself, so reading stays positional.
/// </summary>
internal sealed class LayoutMappingOptions : MessagePackSerializerOptions
{
    // Null when the state stored no layouts (units of built-in types only): nothing to map, nothing to allocate.
    private readonly Dictionary<string, StoredLayout>? stored;
    private int[]?[] maps = [];

    private readonly IReadOnlyList<StoredLayout> layouts;

    public LayoutMappingOptions(IReadOnlyList<StoredLayout> layouts) : base(CheckpointFormatters.Options)
    {
        this.layouts = layouts;
        if (layouts.Count == 0) return;
        stored = new(layouts.Count, StringComparer.Ordinal);
        foreach (var layout in layouts) stored[layout.TypeName] = layout;
    }

    /// <summary>
    /// Reads <paramref name="current"/> through the layout stored as <paramref name="storedTypeName"/> when no layout is
    /// stored under its own name: the type of a state's units or of a scalar field was renamed. Types are otherwise
    /// matched by full name only.
    /// </summary>
    public void Alias(TypeLayout current, string storedTypeName)
    {
        if (stored is null || stored.ContainsKey(current.TypeName) || !stored.TryGetValue(storedTypeName, out var layout)) return;
        stored[current.TypeName] = layout;
        if (current.Id < maps.Length) maps[current.Id] = null;
    }

    /// <summary>Whether a layout is stored under <paramref name="typeName"/> (then <see cref="Alias"/> changes nothing for it).</summary>
    public bool Stores(string typeName) => stored is not null && stored.ContainsKey(typeName);

    /// <summary>
    /// The units of a state are written by their root formatter, which notes its layout before any nested one: the
    /// first layout stored is the root's.
    /// </summary>
    public void AliasRoot(TypeLayout current)
    {
        if (layouts.Count > 0) Alias(current, layouts[0].TypeName);
    }

    /// <summary>The map of <paramref name="layout"/>: asked for every object read, so the cached case is kept inlinable.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int[] MapFor(TypeLayout layout)
    {
        var id = layout.Id;
        if ((uint)id < (uint)maps.Length && maps[id] is { } known) return known;
        return Cache(layout);
    }

    private int[] Cache(TypeLayout layout)
    {
        var id = layout.Id;
        if (id >= maps.Length) Array.Resize(ref maps, Math.Max(id + 1, maps.Length * 2));
        return maps[id] = Resolve(layout);
    }

    private int[] Resolve(TypeLayout layout)
    {
        if (stored is null || !stored.TryGetValue(layout.TypeName, out var written)) return layout.Identity;
        if (written.Members.SequenceEqual(layout.Members, StringComparer.Ordinal)) return layout.Identity;
        var map = new int[written.Members.Count];
        for (var i = 0; i < map.Length; i++)
        {
            map[i] = -1;
            for (var m = 0; m < layout.Members.Count; m++)
            {
                if (!string.Equals(layout.Members[m], written.Members[i], StringComparison.Ordinal)) continue;
                map[i] = m;
                break;
            }
        }
        return map;
    }
}
