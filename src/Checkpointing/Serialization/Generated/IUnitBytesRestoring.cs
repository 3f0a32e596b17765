using MessagePack;

namespace Checkpointing.Serialization.Generated;

/// <summary>
/// A restore context that can hand out the bytes of each unit of a state without decoding them. The runtime's context
/// implements it; <see cref="ScalarUnits"/> uses it to read a scalar unit's fields where they lie, each only once.
/// </summary>
internal interface IUnitBytesRestoring
{
    /// <summary>
    /// The bytes of each unit of <paramref name="state"/> and the options to read them with; false when the checkpoint
    /// has no such state. <paramref name="units"/> is null when units share a chunk (their ends are known only by
    /// decoding them): then the caller decodes them through the state's formatter.
    /// </summary>
    bool TryGetUnitBytes<T>(ListStateDescriptor<T> state, out IReadOnlyList<ReadOnlyMemory<byte>>? units, out MessagePackSerializerOptions options);
}
