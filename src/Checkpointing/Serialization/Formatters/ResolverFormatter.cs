using System.ComponentModel;
using MessagePack;
using MessagePack.Formatters;

namespace Checkpointing.Serialization.Formatters;

/// <summary>
/// Defers to the resolver of the options in use (the <see cref="CheckpointFormatters"/> registry, then MessagePack's
/// standard resolver). Generated code uses it where the type is only known at run time (a type parameter of a generic
/// class) and for <c>[MessagePackObject]</c> types, which MessagePack's own resolver handles.
/// </summary>
/// <remarks>For generated code; not a user API.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ResolverFormatter<T> : IMessagePackFormatter<T>
{
    /// <summary>The shared instance.</summary>
    public static ResolverFormatter<T> Instance { get; } = new();

    /// <inheritdoc />
    public void Serialize(ref MessagePackWriter writer, T value, MessagePackSerializerOptions options) =>
        options.Resolver.GetFormatterWithVerify<T>().Serialize(ref writer, value, options);

    /// <inheritdoc />
    public T Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        options.Resolver.GetFormatterWithVerify<T>().Deserialize(ref reader, options);
}
