namespace Checkpointing.Generators.Tests.Execution.Functions;

/// <summary>Used only by hand-written state below, so only the registration can supply its formatter.</summary>
public sealed record Offsets(string Partition, long Position, DateTime Seen);

/// <summary>Hand-written Flink-style list state; not partial, no annotations on <see cref="Offsets"/>.</summary>
public sealed class HandWrittenSource : IListCheckpointed<Offsets>
{
    public List<Offsets> State = [];

    public IReadOnlyList<Offsets> SnapshotState(long checkpointId, long timestamp) => State;

    public void RestoreState(IReadOnlyList<Offsets> state) => State = [.. state];
}

public sealed record LineTransaction(string Path, List<string> Lines);

/// <summary>A two-phase-commit sink whose transaction type needs a formatter too.</summary>
public sealed class TransactionalSink : TwoPhaseCommitSinkFunction<string, LineTransaction>
{
    public readonly List<LineTransaction> Committed = [];

    protected override LineTransaction BeginTransaction() => new($"tx-{Guid.NewGuid():N}", []);

    protected override void Invoke(LineTransaction transaction, string value) => transaction.Lines.Add(value);

    protected override void PreCommit(LineTransaction transaction) { }

    protected override void Commit(LineTransaction transaction) => Committed.Add(transaction);

    protected override void Abort(LineTransaction transaction) { }
}

/// <summary>A two-phase-commit sink that also has generated state: both the base's transactions and its own fields are kept.</summary>
public sealed partial class CountingTransactionalSink : TwoPhaseCommitSinkFunction<string, LineTransaction>
{
    [Checkpointed] public long Written;
    [Checkpointed] public List<string> Recent = [];

    protected override LineTransaction BeginTransaction() => new($"tx-{Guid.NewGuid():N}", []);

    protected override void Invoke(LineTransaction transaction, string value)
    {
        transaction.Lines.Add(value);
        Written++;
        Recent.Add(value);
    }

    protected override void PreCommit(LineTransaction transaction) { }

    protected override void Commit(LineTransaction transaction) { }

    protected override void Abort(LineTransaction transaction) { }
}
