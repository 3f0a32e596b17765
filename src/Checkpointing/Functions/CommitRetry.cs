namespace Checkpointing;

/// <summary>What a two-phase-commit sink does when committing a restored transaction failed.</summary>
public enum RecoveredCommitFailure
{
    /// <summary>Try again after a backoff, until <see cref="CommitRetry.Attempts"/> run out; then fail the job naming the transaction.</summary>
    Retry,

    /// <summary>Fail the job now, naming the transaction; the restart strategy decides what follows.</summary>
    Fail,

    /// <summary>The transaction can no longer be committed (it expired): report it and go on without it.</summary>
    Skip,
}

/// <summary>How many times a failed commit is tried and how long to wait between tries: doubling from <see cref="FirstDelay"/> up to <see cref="MaxDelay"/>.</summary>
public sealed record CommitRetry(int Attempts, TimeSpan FirstDelay, TimeSpan MaxDelay)
{
    /// <summary>5 attempts, waiting 100 ms, 200 ms, 400 ms, 800 ms between them.</summary>
    public static CommitRetry Default { get; } = new(5, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));

    /// <summary>The wait before attempt <paramref name="attempt"/> (2 or later).</summary>
    public TimeSpan DelayBefore(int attempt)
    {
        var doubled = FirstDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempt - 2));
        return TimeSpan.FromMilliseconds(Math.Min(doubled, MaxDelay.TotalMilliseconds));
    }
}
