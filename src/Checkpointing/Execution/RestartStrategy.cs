namespace Checkpointing;

/// <summary>Whether and when a failed job restarts from its latest completed checkpoint.</summary>
public sealed class RestartStrategy
{
    private RestartStrategy(int attempts, TimeSpan delay)
    {
        Attempts = attempts;
        Delay = delay;
    }

    /// <summary>Never restart: the first failure ends the job.</summary>
    public static RestartStrategy NoRestart { get; } = new(0, TimeSpan.Zero);

    /// <summary>Restart up to <paramref name="attempts"/> times, waiting <paramref name="delay"/> before each.</summary>
    public static RestartStrategy FixedDelay(int attempts, TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempts);
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return new RestartStrategy(attempts, delay);
    }

    /// <summary>How many restarts are allowed in total.</summary>
    public int Attempts { get; }

    /// <summary>How long to wait before a restart.</summary>
    public TimeSpan Delay { get; }

    /// <summary>Whether another restart is allowed after <paramref name="restartsSoFar"/>.</summary>
    public bool CanRestart(int restartsSoFar) => restartsSoFar < Attempts;

    /// <inheritdoc />
    public override string ToString() => Attempts == 0 ? "NoRestart" : $"FixedDelay(attempts: {Attempts}, delay: {Delay})";
}
