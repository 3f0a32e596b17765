using System.Diagnostics.Metrics;

namespace Checkpointing.Tests.Recovery;

/// <summary>Committing restored transactions: retried with backoff, then the job fails naming the transaction, or an expired one is skipped and reported.</summary>
public class RecoveredCommitTests
{
    /// <summary>A sink whose restored commits fail a set number of times; it records which path each commit took.</summary>
    private sealed class FlakySink(int failures, RecoveredCommitFailure onFailure = RecoveredCommitFailure.Retry) : TwoPhaseCommitSinkFunction<long, string>
    {
        private int counter;

        public List<string> Committed { get; } = [];
        public List<string> Recovered { get; } = [];
        public int RecoverAttempts { get; private set; }
        public List<int> FailureAttempts { get; } = [];

        protected override CommitRetry RecoveredCommitRetry => new(3, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(2));

        protected override string BeginTransaction() => $"txn-{++counter}";

        protected override void Invoke(string transaction, long value) { }

        protected override void PreCommit(string transaction) { }

        protected override void Commit(string transaction) => Committed.Add(transaction);

        protected override void Abort(string transaction) { }

        protected override void RecoverAndCommit(string transaction)
        {
            RecoverAttempts++;
            if (RecoverAttempts <= failures) throw new IOException($"connection reset while committing {transaction}");
            Recovered.Add(transaction);
        }

        protected override RecoveredCommitFailure OnRecoveredCommitFailed(string transaction, Exception error, int attempt)
        {
            FailureAttempts.Add(attempt);
            return onFailure;
        }
    }

    /// <summary>A snapshot of one sink with one pre-committed transaction that no checkpoint completion has committed yet.</summary>
    private static OperatorSnapshot PendingTransaction()
    {
        var sink = new FlakySink(0);
        sink.Open();
        sink.Invoke(1);
        return CheckpointHarness.Snapshot([sink], checkpointId: 7);
    }

    [Fact]
    public void A_restored_commit_that_fails_once_is_retried_and_succeeds_through_the_recovery_path()
    {
        var snapshot = PendingTransaction();
        var restored = CheckpointHarness.Restore(snapshot, 1, () => new FlakySink(failures: 1))[0];

        Assert.Equal(["txn-1"], restored.Recovered);
        Assert.Empty(restored.Committed); // restored transactions never reach Commit: the sink can tell them apart
        Assert.Equal(2, restored.RecoverAttempts);
        Assert.Equal([1], restored.FailureAttempts);
    }

    [Fact]
    public void A_restored_commit_that_keeps_failing_fails_naming_the_transaction_and_checkpoint()
    {
        var snapshot = PendingTransaction();
        FlakySink? sink = null;
        var error = Assert.ThrowsAny<Exception>(() => CheckpointHarness.Restore(snapshot, 1, () => sink = new FlakySink(failures: 100)));

        var message = error.ToString();
        Assert.Contains("transaction txn-1 of checkpoint 7", message);
        Assert.Contains("after 3 attempt(s)", message);
        Assert.Contains("connection reset", message);
        Assert.Equal(3, sink!.RecoverAttempts);
    }

    [Fact]
    public void A_sink_can_fail_at_once_without_retrying()
    {
        var snapshot = PendingTransaction();
        FlakySink? sink = null;
        Assert.ThrowsAny<Exception>(() => CheckpointHarness.Restore(snapshot, 1, () => sink = new FlakySink(failures: 100, RecoveredCommitFailure.Fail)));
        Assert.Equal(1, sink!.RecoverAttempts);
    }

    [Fact]
    public void An_expired_transaction_the_sink_skips_is_reported_and_the_restore_goes_on()
    {
        long skipped = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == CheckpointingMetrics.MeterName && instrument.Name == CheckpointingMetrics.Instruments.TransactionsSkipped) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref skipped, value));
        listener.Start();

        var snapshot = PendingTransaction();
        var restored = CheckpointHarness.Restore(snapshot, 1, () => new FlakySink(failures: 100, RecoveredCommitFailure.Skip))[0];

        Assert.Empty(restored.Recovered);
        Assert.Equal(1, restored.RecoverAttempts);
        Assert.Equal(1, Interlocked.Read(ref skipped));
    }

    [Fact]
    public void The_retry_backoff_doubles_up_to_its_cap()
    {
        var retry = new CommitRetry(6, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500));
        Assert.Equal([100, 200, 400, 500, 500], Enumerable.Range(2, 5).Select(a => retry.DelayBefore(a).TotalMilliseconds));
    }
}
