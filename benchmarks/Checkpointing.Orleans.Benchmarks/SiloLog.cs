using System.Diagnostics;

namespace Checkpointing.Orleans.Benchmarks;

/// <summary>
/// Every line the silo processes print, stamped with when this process received it (one clock for all silos, so a
/// kill and the first record after it are measured on the same clock). Entries only grow; a mark is an index.
/// </summary>
public sealed class SiloLog
{
    private readonly List<Entry> entries = [];
    private readonly Stopwatch clock = Stopwatch.StartNew();

    public readonly record struct Entry(TimeSpan At, string Silo, string Text);

    public TimeSpan Now => clock.Elapsed;

    public void Add(string silo, string text)
    {
        var at = clock.Elapsed;
        lock (entries) entries.Add(new Entry(at, silo, text));
    }

    /// <summary>Where the log stands now: <see cref="Since"/> of it returns only what was printed afterwards.</summary>
    public int Mark()
    {
        lock (entries) return entries.Count;
    }

    public IReadOnlyList<Entry> Since(int mark)
    {
        lock (entries) return entries.Skip(mark).ToList();
    }

    /// <summary>Polls until <paramref name="done"/> holds for the lines since <paramref name="mark"/>, and returns them; bounded.</summary>
    public async Task<IReadOnlyList<Entry>> WaitForAsync(int mark, string what, TimeSpan timeout, Func<IReadOnlyList<Entry>, bool> done)
    {
        using var limit = new CancellationTokenSource(timeout);
        while (true)
        {
            var entries = Since(mark);
            if (done(entries)) return entries;
            try
            {
                await Task.Delay(20, limit.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds:F0} s for {what} in the silos' output.");
            }
        }
    }
}
