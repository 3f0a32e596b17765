using System.ComponentModel;
using MessagePack;
using MessagePack.Formatters;

namespace Checkpointing.Serialization.Formatters;

/// <summary>
/// <c>DateTime</c> with its <c>Kind</c> kept: <c>[ticks, kind]</c>. MessagePack's timestamp extension converts to UTC
/// and would hand a <c>Local</c> or <c>Unspecified</c> value back as another instant or kind.
/// </summary>
/// <remarks>For generated code; not a user API.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class DateTimeFormatter : IMessagePackFormatter<DateTime>
{
    /// <summary>The shared instance.</summary>
    public static DateTimeFormatter Instance { get; } = new();

    /// <inheritdoc />
    public void Serialize(ref MessagePackWriter writer, DateTime value, MessagePackSerializerOptions options)
    {
        writer.WriteArrayHeader(2);
        writer.Write(value.Ticks);
        writer.Write((int)value.Kind);
    }

    /// <inheritdoc />
    public DateTime Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        var count = reader.ReadArrayHeader();
        if (count != 2) throw new MessagePackSerializationException($"A DateTime is stored as [ticks, kind]; found an array of {count}.");
        var ticks = reader.ReadInt64();
        var kind = reader.ReadInt32();
        if (kind is < 0 or > 2) throw new MessagePackSerializationException($"Unknown DateTimeKind {kind}.");
        return new DateTime(ticks, (DateTimeKind)kind);
    }
}

/// <summary><c>DateOnly</c> as its day number.</summary>
/// <remarks>For generated code; not a user API.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class DateOnlyFormatter : IMessagePackFormatter<DateOnly>
{
    /// <summary>The shared instance.</summary>
    public static DateOnlyFormatter Instance { get; } = new();

    /// <inheritdoc />
    public void Serialize(ref MessagePackWriter writer, DateOnly value, MessagePackSerializerOptions options) => writer.Write(value.DayNumber);

    /// <inheritdoc />
    public DateOnly Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) => DateOnly.FromDayNumber(reader.ReadInt32());
}

/// <summary><c>TimeOnly</c> as its ticks.</summary>
/// <remarks>For generated code; not a user API.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class TimeOnlyFormatter : IMessagePackFormatter<TimeOnly>
{
    /// <summary>The shared instance.</summary>
    public static TimeOnlyFormatter Instance { get; } = new();

    /// <inheritdoc />
    public void Serialize(ref MessagePackWriter writer, TimeOnly value, MessagePackSerializerOptions options) => writer.Write(value.Ticks);

    /// <inheritdoc />
    public TimeOnly Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) => new(reader.ReadInt64());
}

/// <summary><c>ReadOnlyMemory&lt;byte&gt;</c> as MessagePack binary (a scalar, like <c>byte[]</c>).</summary>
/// <remarks>For generated code; not a user API.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ReadOnlyMemoryByteFormatter : IMessagePackFormatter<ReadOnlyMemory<byte>>
{
    /// <summary>The shared instance.</summary>
    public static ReadOnlyMemoryByteFormatter Instance { get; } = new();

    /// <inheritdoc />
    public void Serialize(ref MessagePackWriter writer, ReadOnlyMemory<byte> value, MessagePackSerializerOptions options) => writer.Write(value.Span);

    /// <inheritdoc />
    public ReadOnlyMemory<byte> Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        reader.ReadBytes() is { } bytes ? System.Buffers.BuffersExtensions.ToArray(bytes) : ReadOnlyMemory<byte>.Empty;
}
