namespace Checkpointing.Testing;

/// <summary>A storage broke a guarantee of the <see cref="CheckpointStorage"/> contract; the message says which and how.</summary>
public sealed class StorageContractException(string message, Exception? inner = null) : Exception(message, inner);
