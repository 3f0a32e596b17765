namespace Checkpointing.Execution;

/// <summary>
/// Which worker runs which subtasks, deterministically. Subtask index <c>i</c> of every source goes to the same
/// worker (Flink's slot sharing: one slot runs one parallel instance of each pipeline), and the indices are cut into
/// contiguous ranges, one per worker in order, sized in proportion to the workers' weights — 1 each to spread
/// evenly, or their core counts — by largest remainder, ties to the lower worker.
/// </summary>
internal static class SubtaskPlacement
{
    /// <summary>For each worker, in the order of <paramref name="weights"/>, the subtasks it runs.</summary>
    public static IReadOnlyList<SubtaskId>[] Place(int sources, int parallelism, IReadOnlyList<int> weights)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sources);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        if (weights.Count == 0) throw new ArgumentException("At least one worker is needed to place subtasks.", nameof(weights));
        for (var w = 0; w < weights.Count; w++)
            if (weights[w] < 1) throw new ArgumentException($"Worker {w} has weight {weights[w]}; weights must be at least 1.", nameof(weights));

        var counts = Shares(parallelism, weights);
        var result = new IReadOnlyList<SubtaskId>[weights.Count];
        var next = 0;
        for (var w = 0; w < weights.Count; w++)
        {
            var placed = new List<SubtaskId>(counts[w] * sources);
            for (var source = 0; source < sources; source++)
                for (var index = next; index < next + counts[w]; index++)
                    placed.Add(new SubtaskId(source, index));
            next += counts[w];
            result[w] = placed;
        }
        return result;
    }

    /// <summary>How many subtask indices each worker gets: floor of its exact share, the rest by largest remainder.</summary>
    private static int[] Shares(int parallelism, IReadOnlyList<int> weights)
    {
        long total = 0;
        foreach (var weight in weights) total += weight;
        var counts = new int[weights.Count];
        var remainders = new long[weights.Count];
        var given = 0;
        for (var w = 0; w < weights.Count; w++)
        {
            var exact = (long)parallelism * weights[w];
            counts[w] = (int)(exact / total);
            remainders[w] = exact % total;
            given += counts[w];
        }
        foreach (var w in Enumerable.Range(0, weights.Count).OrderByDescending(w => remainders[w]).ThenBy(w => w).Take(parallelism - given))
            counts[w]++;
        return counts;
    }
}
