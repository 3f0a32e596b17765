namespace Checkpointing;

/// <summary>The planner behind every redistribution: works on unit counts, so bytes never need decoding to be moved.</summary>
internal static class RedistributionPlan
{
    /// <summary>
    /// Plans one state. <paramref name="rotation"/> carries Flink's round-robin start between the even-split states of
    /// one operator (processed in ordinal name order): the extra units of the next state begin at the first new subtask
    /// that did not receive an extra unit for the previous one, so per-subtask load differs by at most one overall.
    /// </summary>
    public static UnitRange[][] Plan(IReadOnlyList<int> oldCounts, Redistribution mode, int newParallelism, ref int rotation)
    {
        if (newParallelism < 1) throw new ArgumentOutOfRangeException(nameof(newParallelism), newParallelism, "The new parallelism must be at least 1.");
        var oldParallelism = oldCounts.Count;
        var plan = new UnitRange[newParallelism][];
        switch (mode)
        {
            case Redistribution.EvenSplit when oldParallelism == newParallelism:
                for (var s = 0; s < newParallelism; s++) plan[s] = Whole(oldCounts, s);
                return plan;
            case Redistribution.EvenSplit:
                return EvenSplit(oldCounts, newParallelism, ref rotation);
            case Redistribution.Union:
                var all = new List<UnitRange>(oldParallelism);
                for (var o = 0; o < oldParallelism; o++) if (oldCounts[o] > 0) all.Add(new UnitRange(o, 0, oldCounts[o]));
                var union = all.ToArray();
                for (var s = 0; s < newParallelism; s++) plan[s] = union;
                return plan;
            case Redistribution.Broadcast:
                for (var s = 0; s < newParallelism; s++) plan[s] = oldParallelism == 0 ? [] : Whole(oldCounts, s % oldParallelism);
                return plan;
            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown redistribution mode.");
        }
    }

    /// <summary>How many units a list of ranges covers.</summary>
    public static int Count(UnitRange[] ranges)
    {
        var total = 0;
        foreach (var range in ranges) total += range.Count;
        return total;
    }

    private static UnitRange[] Whole(IReadOnlyList<int> oldCounts, int oldSubtask) =>
        oldCounts[oldSubtask] == 0 ? [] : [new UnitRange(oldSubtask, 0, oldCounts[oldSubtask])];

    private static UnitRange[][] EvenSplit(IReadOnlyList<int> oldCounts, int newParallelism, ref int rotation)
    {
        long total = 0;
        foreach (var count in oldCounts) total += count;
        var baseShare = (int)(total / newParallelism);
        var remainder = (int)(total % newParallelism);

        // Cursor over the concatenation of the old lists, in old-subtask order.
        var oldSubtask = 0;
        var offset = 0;
        var plan = new UnitRange[newParallelism][];
        var nextRotation = rotation;
        for (var i = 0; i < newParallelism; i++)
        {
            var subtask = (i + rotation) % newParallelism;
            var share = baseShare;
            if (remainder > 0)
            {
                share++;
                remainder--;
            }
            else if (remainder == 0)
            {
                // Out of extra units: the next state starts handing out extras here.
                nextRotation = subtask;
                remainder--;
            }

            var ranges = new List<UnitRange>();
            while (share > 0)
            {
                while (offset == oldCounts[oldSubtask]) { oldSubtask++; offset = 0; }
                var take = Math.Min(share, oldCounts[oldSubtask] - offset);
                ranges.Add(new UnitRange(oldSubtask, offset, take));
                offset += take;
                share -= take;
            }
            plan[subtask] = [.. ranges];
        }
        rotation = nextRotation;
        return plan;
    }
}
