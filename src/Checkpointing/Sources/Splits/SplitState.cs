using MessagePack;
using MessagePack.Formatters;

namespace Checkpointing;

/// <summary>One checkpointed unit of a <see cref="SplitSource{TSplit, T}"/>: a split with its position, and whether it was read to its end.</summary>
internal readonly record struct SplitState<TSplit>(TSplit Split, bool Finished)
    where TSplit : ISourceSplit;

/// <summary>Stores a <see cref="SplitState{TSplit}"/> as <c>[split, finished]</c>.</summary>
internal sealed class SplitStateFormatter<TSplit>(IMessagePackFormatter<TSplit> split) : IMessagePackFormatter<SplitState<TSplit>>
    where TSplit : ISourceSplit
{
    public void Serialize(ref MessagePackWriter writer, SplitState<TSplit> value, MessagePackSerializerOptions options)
    {
        writer.WriteArrayHeader(2);
        split.Serialize(ref writer, value.Split, options);
        writer.Write(value.Finished);
    }

    public SplitState<TSplit> Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        var count = reader.ReadArrayHeader();
        if (count < 2) throw new MessagePackSerializationException($"A split state needs 2 elements, found {count}.");
        var value = split.Deserialize(ref reader, options);
        var finished = reader.ReadBoolean();
        for (var i = 2; i < count; i++) reader.Skip();
        return new SplitState<TSplit>(value, finished);
    }
}
