namespace Checkpointing.Orleans.Tests;

/// <summary>
/// Polls a cluster job until a condition holds. Out of time, the test fails with the job's last status and what its
/// silos logged about it (see <see cref="SiloLog"/>), so a failure that happens only under load says where it stalled.
/// </summary>
internal static class ClusterWaits
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    /// <summary>The job's status once it ended.</summary>
    public static Task<ClusterJobStatus> WaitForEndAsync(ICheckpointingJobGrain grain, string jobName, TimeSpan timeout) =>
        WaitForStatusAsync(grain, jobName, s => s.State == ClusterJobState.Ended, "end", timeout);

    /// <summary>The job's first status that satisfies <paramref name="condition"/>, described in a failure as <paramref name="what"/>.</summary>
    public static async Task<ClusterJobStatus> WaitForStatusAsync(
        ICheckpointingJobGrain grain, string jobName, Func<ClusterJobStatus, bool> condition, string what, TimeSpan timeout)
    {
        ClusterJobStatus? status = null;
        await WaitUntilAsync(async () => condition(status = await grain.GetStatusAsync()), jobName, () => $"did not {what}; its last status: {Describe(status)}", timeout);
        return status!;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; out of time, fails naming the job, <paramref name="failure"/> and its log.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string jobName, Func<string> failure, TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            while (!await condition().WaitAsync(limit.Token)) await Task.Delay(Poll, limit.Token);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            Assert.Fail($"Within {timeout.TotalSeconds:0.##} s, job {jobName} {failure()}.{Environment.NewLine}What the silos logged about it, last entries:{Environment.NewLine}{SiloLog.Tail(jobName)}");
        }
    }

    public static string Describe(ClusterJobStatus? status) =>
        status is null ? "none (no call answered)" : $"{status}, placed {string.Join(", ", status.Workers.Select(w => $"{w.Subtasks} on {w.Silo}"))}";
}
