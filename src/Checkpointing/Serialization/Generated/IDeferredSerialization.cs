namespace Checkpointing.Serialization.Generated;

/// <summary>
/// A snapshot context that can take units which never change and serialize them after the checkpoint lock is
/// released. The runtime's context implements it; generated code reaches it through <see cref="StateUnits.Capture{T}(ISnapshotContext, ListStateDescriptor{T}, IEnumerable{T}, bool)"/>
/// for collection fields whose units the generator proved immutable, so the lock is held only for the copy.
/// </summary>
internal interface IDeferredSerialization
{
    /// <summary>
    /// Adds <paramref name="units"/> to <paramref name="state"/>, serialized in the snapshot's asynchronous part. The
    /// caller guarantees nothing changes them: a copy taken under the lock, or an immutable collection of immutable units.
    /// </summary>
    void AddUnchanging<T>(ListStateDescriptor<T> state, IReadOnlyCollection<T> units);
}
