using Checkpointing.Snapshots;
using Checkpointing.Serialization.Layouts;

namespace Checkpointing.Format;

/// <summary>
/// The encoding of a state's header (name, mode, unit type, layouts of the generated types in its units) and of one
/// subtask's units, shared by every file kind.
/// </summary>
internal static class StateCodec
{
    /// <summary>A bound that rejects absurd parallelism values in damaged files before anything is allocated for them.</summary>
    public const int MaxParallelism = 32_768;

    public static void WriteHeader(FormatWriter writer, string name, Redistribution mode, string typeName, IReadOnlyList<StoredLayout> layouts)
    {
        writer.WriteString(name);
        writer.WriteByte((byte)mode);
        writer.WriteString(typeName);
        writer.WriteVarUInt((ulong)layouts.Count);
        foreach (var layout in layouts)
        {
            writer.WriteString(layout.TypeName);
            writer.WriteVarUInt((ulong)layout.Members.Count);
            foreach (var member in layout.Members) writer.WriteString(member);
        }
    }

    public static (string Name, Redistribution Mode, string TypeName, IReadOnlyList<StoredLayout> Layouts) ReadHeader(ref FormatReader reader)
    {
        var name = reader.ReadString("state name");
        var start = reader.Position;
        var mode = reader.ReadByte($"mode of state '{name}'");
        if (mode > (byte)Redistribution.Broadcast) throw reader.Fail($"mode of state '{name}'", start, $"{mode} is not a redistribution mode");
        var type = reader.ReadString($"unit type of state '{name}'");
        // Every layout and every member name takes at least one byte, which bounds the counts by the bytes left.
        var layoutCount = reader.ReadCount($"layout count of state '{name}'", reader.Remaining);
        var layouts = new StoredLayout[layoutCount];
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < layoutCount; i++)
        {
            var layoutStart = reader.Position;
            var typeName = reader.ReadString($"layout type of state '{name}'");
            if (!names.Add(typeName)) throw reader.Fail($"layouts of state '{name}'", layoutStart, $"type '{typeName}' has two layouts");
            var members = new string[reader.ReadCount($"member count of layout '{typeName}' in state '{name}'", reader.Remaining)];
            for (var m = 0; m < members.Length; m++) members[m] = reader.ReadString($"member name of layout '{typeName}' in state '{name}'");
            layouts[i] = new StoredLayout(typeName, members);
        }
        return (name, (Redistribution)mode, type, layouts);
    }

    public static void WriteUnits(FormatWriter writer, UnitBlock block)
    {
        writer.WriteVarUInt((ulong)block.Count);
        writer.WriteBlock(block.Bytes.Span);
    }

    public static UnitBlock ReadUnits(ref FormatReader reader, string what)
    {
        var count = reader.ReadCount($"unit count ({what})");
        var bytes = reader.ReadBlock($"units ({what})");
        if (count > bytes.Length) throw reader.Fail($"units ({what})", reader.Position, $"{count} units cannot fit in {bytes.Length} bytes");
        var block = new UnitBlock(bytes, count);
        block.Validate(what);
        return block;
    }

    public static void WriteEntry(FormatWriter writer, SubtaskStateEntry entry)
    {
        WriteHeader(writer, entry.Name, entry.Mode, entry.TypeName, entry.Layouts);
        WriteUnits(writer, entry.Units);
    }

    public static SubtaskStateEntry ReadEntry(ref FormatReader reader, string what)
    {
        var (name, mode, type, layouts) = ReadHeader(ref reader);
        return new SubtaskStateEntry(name, mode, type, layouts, ReadUnits(ref reader, $"{what}, state '{name}'"));
    }
}
