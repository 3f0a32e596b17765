using Microsoft.Extensions.Logging;

namespace Checkpointing;

/// <summary>
/// What <see cref="TwoPhaseCommitSinkFunction{T, TTransaction}"/> logs under its own
/// <see cref="RuntimeContext.Logger"/> (the sink's type name) while committing restored transactions.
/// Event ids 5xxx (see the README's logging table).
/// </summary>
internal static partial class SinkLog
{
    [LoggerMessage(EventId = 5001, EventName = "RestoredTransactionSkipped", Level = LogLevel.Error,
        Message = "Skipping restored {Transaction}: the sink says it can no longer be committed; its records are lost")]
    public static partial void RestoredTransactionSkipped(this ILogger logger, Exception exception, string transaction);

    [LoggerMessage(EventId = 5002, EventName = "RestoredCommitRetrying", Level = LogLevel.Warning,
        Message = "Commit of restored {Transaction} failed (attempt {Attempt} of {Attempts}); retrying in {Delay}")]
    public static partial void RestoredCommitRetrying(this ILogger logger, Exception exception, string transaction, int attempt, int attempts, TimeSpan delay);
}
