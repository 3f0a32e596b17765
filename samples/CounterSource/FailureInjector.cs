namespace CounterSample;

/// <summary>Throws once each time the total number of records passes the next threshold, to show recovery.</summary>
public sealed class FailureInjector(long totalRecords, int failures)
{
    private long seen;
    private int failed;

    public int Failed => Volatile.Read(ref failed);

    public long Seen => Interlocked.Read(ref seen);

    public long Observe(long value)
    {
        var count = Interlocked.Increment(ref seen);
        var done = Volatile.Read(ref failed);
        if (done < failures && count >= totalRecords * (done + 1) / (failures + 1) && Interlocked.CompareExchange(ref failed, done + 1, done) == done)
            throw new InvalidOperationException($"Injected failure {done + 1} of {failures} after {count} records.");
        return value;
    }
}
