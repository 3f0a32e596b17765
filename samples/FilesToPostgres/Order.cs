using System.Globalization;
using Checkpointing;

namespace FilesToPostgresSample;

/// <summary>One CSV line: <c>order_id,customer,amount,note</c> (the note may contain commas).</summary>
public sealed record Order(long OrderId, string Customer, decimal Amount, string Note)
{
    public static Order Parse(string line)
    {
        var parts = line.Split(',', 4);
        if (parts.Length != 4) throw new FormatException($"expected 4 comma-separated fields, found {parts.Length}");
        return new Order(long.Parse(parts[0], CultureInfo.InvariantCulture), parts[1], decimal.Parse(parts[2], CultureInfo.InvariantCulture), parts[3]);
    }

    /// <summary>The line of order <paramref name="line"/> in file <paramref name="file"/>; ids are unique across files.</summary>
    public static string Line(int file, int line) => string.Create(CultureInfo.InvariantCulture,
        $"{Id(file, line)},customer-{line % 97},{line % 1000}.{line % 100:D2},note {line}, with a comma and a 'quote'");

    public static long Id(int file, int line) => file * 1_000_000L + line;

    /// <summary>Writes the CSV files <paramref name="from"/>..<paramref name="to"/>-1; each appears complete (written aside, then moved in).</summary>
    public static void WriteFiles(string directory, int from, int to, int lines)
    {
        for (var file = from; file < to; file++)
        {
            var aside = Path.Combine(directory, $".orders-{file:D3}.tmp");
            File.WriteAllLines(aside, Enumerable.Range(0, lines).Select(line => Line(file, line)));
            File.Move(aside, Path.Combine(directory, $"orders-{file:D3}.csv"));
        }
    }
}

/// <summary>Throws once each time the number of parsed records passes the next threshold, to show recovery.</summary>
public sealed class FailureInjector(params long[] thresholds)
{
    private long seen;
    private int failed;

    public int Failed => Volatile.Read(ref failed);

    public T Observe<T>(T value)
    {
        var count = Interlocked.Increment(ref seen);
        var done = Volatile.Read(ref failed);
        if (done < thresholds.Length && count >= thresholds[done] && Interlocked.CompareExchange(ref failed, done + 1, done) == done)
            throw new InvalidOperationException($"Injected failure {done + 1} after {count} records.");
        return value;
    }
}
