namespace Checkpointing.Snapshots.Format;

/// <summary>The encoding of a state's header (name, mode, unit type) and of one subtask's units, shared by every file kind.</summary>
internal static class StateCodec
{
    /// <summary>A bound that rejects absurd parallelism values in damaged files before anything is allocated for them.</summary>
    public const int MaxParallelism = 32_768;

    public static void WriteHeader(FormatWriter writer, string name, Redistribution mode, string typeName)
    {
        writer.WriteString(name);
        writer.WriteByte((byte)mode);
        writer.WriteString(typeName);
    }

    public static (string Name, Redistribution Mode, string TypeName) ReadHeader(ref FormatReader reader)
    {
        var name = reader.ReadString("state name");
        var start = reader.Position;
        var mode = reader.ReadByte($"mode of state '{name}'");
        if (mode > (byte)Redistribution.Broadcast) throw reader.Fail($"mode of state '{name}'", start, $"{mode} is not a redistribution mode");
        var type = reader.ReadString($"unit type of state '{name}'");
        return (name, (Redistribution)mode, type);
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
        WriteHeader(writer, entry.Name, entry.Mode, entry.TypeName);
        WriteUnits(writer, entry.Units);
    }

    public static SubtaskStateEntry ReadEntry(ref FormatReader reader, string what)
    {
        var (name, mode, type) = ReadHeader(ref reader);
        return new SubtaskStateEntry(name, mode, type, ReadUnits(ref reader, $"{what}, state '{name}'"));
    }
}
