using System.ComponentModel;
using MessagePack;
using MessagePack.Formatters;

namespace Checkpointing.Serialization.Formatters;

/// <summary><c>Nullable&lt;T&gt;</c>: nil for no value, else the value as <paramref name="inner"/> writes it.</summary>
/// <remarks>For generated code; not a user API.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class NullableFormatter<T>(IMessagePackFormatter<T> inner) : IMessagePackFormatter<T?>
    where T : struct
{
    /// <inheritdoc />
    public void Serialize(ref MessagePackWriter writer, T? value, MessagePackSerializerOptions options)
    {
        if (value is { } present) inner.Serialize(ref writer, present, options);
        else writer.WriteNil();
    }

    /// <inheritdoc />
    public T? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        reader.TryReadNil() ? null : inner.Deserialize(ref reader, options);
}
