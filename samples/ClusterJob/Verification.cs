using Checkpointing;
using PartitionedSample;

namespace ClusterSample;

/// <summary>What the exactly-once file sink committed, per partition: every offset 0..records-1 once, nothing else.</summary>
public static class Verification
{
    public sealed record Result(int Partitions, long Committed, long Lost, long Duplicated, long Unexpected)
    {
        public bool Ok(long records) => Lost == 0 && Duplicated == 0 && Unexpected == 0 && Committed == Partitions * records;

        public string Line(long records) =>
            $"VERIFY partitions {Partitions}, records committed {Committed}, lost {Lost}, duplicated {Duplicated}: {(Ok(records) ? "OK" : "FAIL")}";
    }

    public static long CommittedCount(string output) => ExactlyOnceFileSink<PartitionOffset>.CommittedFiles(output).Sum(f => File.ReadLines(f).LongCount());

    public static Result Check(string output, int partitions, long records)
    {
        var seen = new Dictionary<(int, long), int>();
        long committed = 0, unexpected = 0;
        foreach (var line in ExactlyOnceFileSink<PartitionOffset>.CommittedFiles(output).SelectMany(File.ReadLines))
        {
            committed++;
            var parts = line.Split(',');
            if (parts.Length != 2 || !int.TryParse(parts[0], out var partition) || !long.TryParse(parts[1], out var offset)
                || partition < 0 || partition >= partitions || offset < 0 || offset >= records)
            {
                unexpected++;
                continue;
            }
            seen[(partition, offset)] = seen.GetValueOrDefault((partition, offset)) + 1;
        }
        var lost = partitions * records - seen.Count;
        var duplicated = seen.Values.Sum(c => (long)c - 1);
        return new Result(partitions, committed, lost, duplicated, unexpected);
    }
}
