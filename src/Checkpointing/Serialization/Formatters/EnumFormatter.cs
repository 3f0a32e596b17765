using System.ComponentModel;
using MessagePack;
using MessagePack.Formatters;

namespace Checkpointing.Serialization.Formatters;

/// <summary>
/// An enum as its underlying integer (what MessagePack's standard resolver writes too). The conversions are passed in
/// by generated code as plain casts, so no reflection or boxing runs.
/// </summary>
/// <remarks>For generated code; not a user API.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class EnumFormatter<TEnum, TUnderlying>(
    IMessagePackFormatter<TUnderlying> underlying, Func<TEnum, TUnderlying> toUnderlying, Func<TUnderlying, TEnum> fromUnderlying)
    : IMessagePackFormatter<TEnum>
    where TEnum : struct, Enum
{
    /// <inheritdoc />
    public void Serialize(ref MessagePackWriter writer, TEnum value, MessagePackSerializerOptions options) =>
        underlying.Serialize(ref writer, toUnderlying(value), options);

    /// <inheritdoc />
    public TEnum Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        fromUnderlying(underlying.Deserialize(ref reader, options));
}
