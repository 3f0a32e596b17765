using System.Buffers;
using System.ComponentModel;
using MessagePack;

namespace Checkpointing.Serialization.Generated;

/// <summary>
/// Used by generated formatters when a member's stored value cannot be read as its declared type: the error names the
/// member, the declared type and the MessagePack type found. Generated code reads members without a wrapper per member
/// (one <c>try</c> per object), so the failing value is located again from the object's start only when one fails.
/// </summary>
/// <remarks>For generated code; not a user API.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class MemberReading
{
    /// <summary>Whether <paramref name="error"/> is a read failure not yet attributed to a member (a nested object's member is named by its own formatter).</summary>
    public static bool CanWrap(Exception error) => error switch
    {
        MessagePackSerializationException e => e.Data["Checkpointing.Member"] is null,
        InvalidOperationException => true,
        _ => false,
    };

    /// <summary>
    /// The member being read at stored <paramref name="position"/> of an object of <paramref name="count"/> values, or -1
    /// when none was (the header, a skipped value, or the construction after every value was read).
    /// <paramref name="map"/> maps stored positions to members; null when the object is read as declared (position i is member i).
    /// </summary>
    public static int MemberAt(int[]? map, int position, int count) =>
        position < 0 || position >= count ? -1
        : map is null ? position
        : position < map.Length ? map[position] : -1;

    /// <summary>
    /// The failure for the value at <paramref name="position"/> of the object whose array starts <paramref name="objectStart"/>
    /// bytes into <paramref name="sequence"/>.
    /// </summary>
    public static MessagePackSerializationException Wrap(Exception error, ReadOnlySequence<byte> sequence, long objectStart, int position, string member, string declaredType)
    {
        var wrapped = new MessagePackSerializationException(
            $"Member '{member}' is declared as {declaredType} but its stored value is a MessagePack {FoundAt(sequence, objectStart, position)}: {error.Message}", error);
        wrapped.Data["Checkpointing.Member"] = member;
        return wrapped;
    }

    private static MessagePackType FoundAt(ReadOnlySequence<byte> sequence, long objectStart, int position)
    {
        try
        {
            var reader = new MessagePackReader(sequence.Slice(objectStart));
            reader.ReadArrayHeader();
            for (var i = 0; i < position; i++) reader.Skip();
            return reader.NextMessagePackType;
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or ArgumentOutOfRangeException)
        {
            return MessagePackType.Unknown;
        }
    }
}
