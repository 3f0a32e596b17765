using Microsoft.Extensions.Logging;

namespace Checkpointing.Orleans.Workers;

/// <summary>
/// A worker's request that the job grain resume the job after the grain's silo left. The request is one-way (the job
/// grain's start deploys onto the very worker that asks, so the worker cannot wait for it in its turn), so nothing
/// would tell a lost request, or a start that failed while the dead silo's directory entries were still being
/// cleaned up, from a job that runs again: the job grain's status is checked from outside the grain's turns, and the
/// request is sent again while the job has not started, for a bounded time.
/// </summary>
internal static class ResumeRequest
{
    private static readonly TimeSpan CheckAfter = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(3);

    public static void Send(IGrainFactory grains, string jobName, ILogger logger) =>
        _ = Task.Run(() => SendUntilStartedAsync(
            () => grains.GetGrain<IJobEventsGrain>(jobName).ResumeAsync(),
            async () => (await grains.GetGrain<ICheckpointingJobGrain>(jobName).GetStatusAsync().WaitAsync(LostCalls.CallTimeout).ConfigureAwait(false)).State,
            jobName, logger, CheckAfter, GiveUpAfter));

    /// <summary>Asks until <paramref name="state"/> says the job started (or ended), checking <paramref name="checkAfter"/> after each ask; true when it did.</summary>
    internal static async Task<bool> SendUntilStartedAsync(
        Func<Task> ask, Func<Task<ClusterJobState>> state, string jobName, ILogger logger, TimeSpan checkAfter, TimeSpan giveUpAfter)
    {
        var deadline = DateTime.UtcNow + giveUpAfter;
        for (var attempt = 1; DateTime.UtcNow < deadline; attempt++)
        {
            string why;
            try
            {
                await ask().ConfigureAwait(false);
                await Task.Delay(checkAfter).ConfigureAwait(false);
                if (await state().ConfigureAwait(false) != ClusterJobState.NotStarted) return true;
                why = "the job grain has not started the job";
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                why = $"{e.GetType().Name}: {e.Message}";
            }
            logger.ResumeAskedAgain(jobName, attempt, why);
        }
        logger.ResumeGivenUp(jobName, giveUpAfter.TotalSeconds);
        return false;
    }
}
