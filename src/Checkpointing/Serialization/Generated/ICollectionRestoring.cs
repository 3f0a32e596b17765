using Checkpointing.Serialization.Formatters;

namespace Checkpointing.Serialization.Generated;

/// <summary>
/// A restore context that decodes a state's units straight into a collection. The runtime's context implements it;
/// generated code asks for it through <see cref="StateUnits.TryRestore"/>, so serialization never depends on how the
/// runtime holds restored bytes.
/// </summary>
internal interface ICollectionRestoring
{
    /// <summary>Builds the collection from the state's units; false when the checkpoint has no such state.</summary>
    bool TryBuild<T, TCollection>(ListStateDescriptor<T> state, ICollectionBuilder<T, TCollection> builder, out TCollection collection);
}
