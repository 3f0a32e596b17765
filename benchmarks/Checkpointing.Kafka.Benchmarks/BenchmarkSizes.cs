namespace Checkpointing.Kafka.Benchmarks;

/// <summary>How many records each benchmark moves; small for <c>--dry</c>.</summary>
public static class BenchmarkSizes
{
    public static int Records { get; set; } = 200_000;
}
