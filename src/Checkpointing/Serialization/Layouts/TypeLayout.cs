using System.ComponentModel;
using System.Runtime.CompilerServices;
using MessagePack;

namespace Checkpointing.Serialization.Layouts;

/// <summary>
/// The member names of a generated user type, in the order its formatter writes their values. Objects are written as
/// MessagePack arrays (positional, as compact as MessagePack's integer keys); the names are stored once per state in
/// the checkpoint, not once per object, and a restore maps each stored position to the member of the same name. So a
/// member can still be added, removed or reordered between versions.
/// </summary>
/// <remarks>For generated code; not a user API.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class TypeLayout
{
    private static int nextId;

    /// <param name="typeName">The type's full name (namespace, containing types, own type parameters): what stored layouts are matched by.</param>
    /// <param name="members">The member names, in written order.</param>
    public TypeLayout(string typeName, string[] members)
    {
        ArgumentNullException.ThrowIfNull(typeName);
        ArgumentNullException.ThrowIfNull(members);
        TypeName = typeName;
        Members = members;
        Identity = new int[members.Length];
        for (var i = 0; i < members.Length; i++) Identity[i] = i;
        Id = Interlocked.Increment(ref nextId) - 1;
    }

    /// <summary>The type's full name.</summary>
    internal string TypeName { get; }

    /// <summary>The member names, in written order.</summary>
    internal IReadOnlyList<string> Members { get; }

    /// <summary>A small number unique to this layout in the process: an index into per-snapshot and per-restore tables.</summary>
    internal int Id { get; }

    /// <summary>The map of a stored layout equal to this one: position i is member i.</summary>
    internal int[] Identity { get; }

    /// <summary>Called by a generated formatter before it writes an object: records the layout with the state being written.</summary>
    public void Note(MessagePackSerializerOptions options)
    {
        if (options is LayoutRecordingOptions recording && !recording.Has(this)) recording.Add(this);
    }

    /// <summary>
    /// Called by a generated formatter after reading an array header of <paramref name="count"/> values: whether the
    /// object was stored exactly as the type is declared now (every member, in declared order), so it can be read
    /// straight through without a map. False sends it to <see cref="MapOf"/>, which matches stored values by name.
    /// Asked for every object read, so it is kept inlinable: one count test, one type test and one table look-up.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsCurrent(MessagePackSerializerOptions options, int count) =>
        count == Identity.Length && (options is not LayoutMappingOptions mapping || ReferenceEquals(mapping.MapFor(this), Identity));

    /// <summary>
    /// Called by a generated formatter after reading an array header of <paramref name="count"/> values: for each
    /// stored position, the index of the member it holds in this layout, or -1 for a member this version no longer
    /// declares (its value is skipped).
    /// </summary>
    public int[] MapOf(MessagePackSerializerOptions options, int count)
    {
        var map = options is LayoutMappingOptions mapping ? mapping.MapFor(this) : Identity;
        if (map.Length == count) return map;
        if (!ReferenceEquals(map, Identity))
            throw new MessagePackSerializationException(
                $"An object of {TypeName} holds {count} values, but the layout stored with its state lists {map.Length} members.");
        // No stored layout names this type (it was renamed, or the data predates layouts): read by position.
        var positional = new int[count];
        for (var i = 0; i < count; i++) positional[i] = i < Identity.Length ? i : -1;
        return positional;
    }
}
