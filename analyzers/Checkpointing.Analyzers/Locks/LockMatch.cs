namespace Checkpointing.Analyzers.Locks;

/// <summary>What a locked expression is, as far as the checkpoint lock is concerned.</summary>
internal readonly struct LockMatch
{
    private LockMatch(bool isCheckpointLock, string? nearMatch)
    {
        IsCheckpointLock = isCheckpointLock;
        NearMatch = nearMatch;
    }

    public bool IsCheckpointLock { get; }

    /// <summary>For any other lock: how the message names it ("'this'", "a new object", …).</summary>
    public string? NearMatch { get; }

    public static LockMatch CheckpointLock { get; } = new(true, null);

    public static LockMatch Other(string description) => new(false, description);
}
