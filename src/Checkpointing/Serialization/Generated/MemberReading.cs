using System.ComponentModel;
using MessagePack;
using MessagePack.Formatters;

namespace Checkpointing.Serialization.Generated;

/// <summary>Used by generated formatters to read one member and, when it no longer fits, say which member and types.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class MemberReading
{
    /// <summary>Reads a member's value; a value that cannot be read as the declared type fails naming the member and both types.</summary>
    public static T Read<T>(IMessagePackFormatter<T> formatter, ref MessagePackReader reader, MessagePackSerializerOptions options, string member, string declaredType)
    {
        var found = reader.NextMessagePackType;
        try
        {
            return formatter.Deserialize(ref reader, options);
        }
        catch (MessagePackSerializationException e) when (e.Data["Checkpointing.Member"] is null)
        {
            var wrapped = new MessagePackSerializationException(
                $"Member '{member}' is declared as {declaredType} but its stored value is a MessagePack {found}: {e.Message}", e);
            wrapped.Data["Checkpointing.Member"] = member;
            throw wrapped;
        }
        catch (InvalidOperationException e)
        {
            var wrapped = new MessagePackSerializationException(
                $"Member '{member}' is declared as {declaredType} but its stored value is a MessagePack {found}: {e.Message}", e);
            wrapped.Data["Checkpointing.Member"] = member;
            throw wrapped;
        }
    }
}
