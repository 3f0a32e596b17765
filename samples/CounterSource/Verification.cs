using Checkpointing;

namespace CounterSample;

/// <summary>Counts the committed output: every value 0..limit-1 must appear exactly once per subtask.</summary>
public static class Verification
{
    public static (long Committed, long Lost, long Duplicated) Check(string outputDirectory, int parallelism, long limit)
    {
        var counts = new int[limit];
        long committed = 0, duplicated = 0, lost = 0;
        foreach (var file in ExactlyOnceFileSink<long>.CommittedFiles(outputDirectory))
            foreach (var line in File.ReadLines(file))
            {
                committed++;
                var value = long.Parse(line, System.Globalization.CultureInfo.InvariantCulture);
                if (value < 0 || value >= limit) { duplicated++; continue; }
                counts[value]++;
            }
        foreach (var count in counts)
        {
            if (count < parallelism) lost += parallelism - count;
            if (count > parallelism) duplicated += count - parallelism;
        }
        return (committed, lost, duplicated);
    }
}
