using System.Collections.Immutable;
using System.ComponentModel;
using MessagePack;
using MessagePack.Formatters;

namespace Checkpointing.Serialization.Formatters;

/// <summary>
/// <c>T[]</c> (jagged arrays nest it) as a MessagePack array; nil for null. Like every composable formatter here it is
/// declared on the non-nullable type and still writes and reads null, so generated code never mixes nullability.
/// </summary>
/// <remarks>For generated code; not a user API.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ArrayFormatter<T>(IMessagePackFormatter<T> element) : IMessagePackFormatter<T[]>
{
    /// <inheritdoc />
    public void Serialize(ref MessagePackWriter writer, T[] value, MessagePackSerializerOptions options)
    {
        if (value is null) { writer.WriteNil(); return; }
        writer.WriteArrayHeader(value.Length);
        foreach (var item in value) element.Serialize(ref writer, item, options);
    }

    /// <inheritdoc />
    public T[] Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil()) return null!;
        var count = reader.ReadArrayHeader();
        options.Security.DepthStep(ref reader);
        try
        {
            var result = new T[count];
            for (var i = 0; i < count; i++) result[i] = element.Deserialize(ref reader, options);
            return result;
        }
        finally
        {
            reader.Depth--;
        }
    }
}

/// <summary><c>ImmutableArray&lt;T&gt;</c>; the <c>default</c> (uninitialized) array round-trips as nil.</summary>
/// <remarks>For generated code; not a user API.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ImmutableArrayFormatter<T>(IMessagePackFormatter<T> element) : IMessagePackFormatter<ImmutableArray<T>>
{
    private readonly ArrayFormatter<T> array = new(element);

    /// <inheritdoc />
    public void Serialize(ref MessagePackWriter writer, ImmutableArray<T> value, MessagePackSerializerOptions options)
    {
        if (value.IsDefault) { writer.WriteNil(); return; }
        writer.WriteArrayHeader(value.Length);
        foreach (var item in value) element.Serialize(ref writer, item, options);
    }

    /// <inheritdoc />
    public ImmutableArray<T> Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        array.Deserialize(ref reader, options) is T[] items ? ImmutableArray.Create(items) : default;
}
