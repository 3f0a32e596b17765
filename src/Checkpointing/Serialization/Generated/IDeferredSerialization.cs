namespace Checkpointing.Serialization.Generated;

/// <summary>
/// A snapshot context that can take units which never change and serialize them after the checkpoint lock is
/// released. The runtime's context implements it; generated code reaches it through <see cref="StateUnits.Capture{T}(ISnapshotContext, ListStateDescriptor{T}, IEnumerable{T}, bool)"/>
/// for collection fields whose units the generator proved immutable, so the lock is held only for the copy.
/// </summary>
internal interface IDeferredSerialization
{
    /// <summary>
    /// Adds the first <paramref name="count"/> elements of <paramref name="copy"/>, an array rented from
    /// <see cref="System.Buffers.ArrayPool{T}.Shared"/> that holds a copy taken under the lock, serialized in the
    /// snapshot's asynchronous part; the array goes back to the pool then. Its units must be immutable.
    /// </summary>
    void AddCopy<T>(ListStateDescriptor<T> state, T[] copy, int count);

    /// <summary>Adds an immutable collection of immutable units as it is, serialized in the snapshot's asynchronous part.</summary>
    void AddUnchanging<T>(ListStateDescriptor<T> state, IReadOnlyCollection<T> units);
}
