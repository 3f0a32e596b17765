using System.ComponentModel;
using MessagePack.Formatters;
using MessagePack.Resolvers;

namespace Checkpointing.Serialization.Formatters;

/// <summary>
/// MessagePack's own formatter for a primitive, <c>string</c>, <c>decimal</c>, <c>Guid</c>, <c>TimeSpan</c>,
/// <c>DateTimeOffset</c> or <c>byte[]</c>. <see cref="BuiltinResolver"/> is a static table (no code generation at run
/// time), so this stays trimming- and NativeAOT-safe; generated code names it instead of hard-coding formatter classes.
/// </summary>
/// <remarks>For generated code; not a user API.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class BuiltinFormatter<T>
{
    /// <summary>The formatter; throws when MessagePack has no built-in formatter for <typeparamref name="T"/>.</summary>
    public static IMessagePackFormatter<T> Instance { get; } =
        BuiltinResolver.Instance.GetFormatter<T>()
        ?? throw new InvalidOperationException($"MessagePack has no built-in formatter for {TypeNames.Of<T>()}.");
}
