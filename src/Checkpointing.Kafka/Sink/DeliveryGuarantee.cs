namespace Checkpointing.Kafka;

/// <summary>What a <see cref="KafkaSink{T}"/> promises about each record.</summary>
public enum DeliveryGuarantee
{
    /// <summary>Every record is in Kafka before its checkpoint completes (flushed at each checkpoint); a restart may write some twice.</summary>
    AtLeastOnce,

    /// <summary>Records of a checkpoint go into one Kafka transaction per subtask, committed when the checkpoint completes; read_committed consumers see each record once.</summary>
    ExactlyOnce,
}
