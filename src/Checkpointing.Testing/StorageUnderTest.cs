namespace Checkpointing.Testing;

/// <summary>
/// A fresh, empty storage for one contract case, and where its savepoints go (a temporary folder, or a location
/// the storage accepts, such as an <c>s3://</c> URI).
/// </summary>
public sealed record StorageUnderTest(CheckpointStorage Storage, string SavepointDirectory);
