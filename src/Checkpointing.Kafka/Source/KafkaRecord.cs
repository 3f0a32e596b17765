using Confluent.Kafka;

namespace Checkpointing.Kafka;

/// <summary>A record as read from Kafka, handed to a <see cref="KafkaSource{T}"/>'s deserializer.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Partition">The partition.</param>
/// <param name="Offset">The record's offset.</param>
/// <param name="Timestamp">The record's timestamp.</param>
/// <param name="Key">The key bytes, or <c>null</c>.</param>
/// <param name="Value">The value bytes, or <c>null</c> (a tombstone).</param>
/// <param name="Headers">The headers, or <c>null</c> when there are none.</param>
public readonly record struct KafkaRecord(string Topic, int Partition, long Offset, Timestamp Timestamp, byte[]? Key, byte[]? Value, Headers? Headers);
