using Checkpointing.Orleans.Workers;
using Microsoft.Extensions.Logging.Abstractions;

namespace Checkpointing.Orleans.Tests;

/// <summary>A worker's one-way request to resume a job is sent again while the job grain has not started the job.</summary>
public sealed class ResumeRequestTests
{
    private static readonly TimeSpan Soon = TimeSpan.FromMilliseconds(1);

    [Fact]
    public async Task A_request_that_was_lost_or_whose_start_failed_is_sent_again_until_the_job_runs()
    {
        var asks = 0;
        var started = await ResumeRequest.SendUntilStartedAsync(
            () => ++asks == 2 ? Task.FromException(new TimeoutException("lost")) : Task.CompletedTask,
            () => Task.FromResult(asks >= 3 ? ClusterJobState.Running : ClusterJobState.NotStarted),
            "job", NullLogger.Instance, Soon, TimeSpan.FromMinutes(1));
        Assert.True(started);
        Assert.Equal(3, asks);
    }

    [Fact]
    public async Task A_job_that_runs_after_the_first_request_is_asked_once()
    {
        var asks = 0;
        Assert.True(await ResumeRequest.SendUntilStartedAsync(
            () => { asks++; return Task.CompletedTask; }, () => Task.FromResult(ClusterJobState.Running),
            "job", NullLogger.Instance, Soon, TimeSpan.FromMinutes(1)));
        Assert.Equal(1, asks);
    }

    [Fact]
    public async Task A_job_that_never_starts_is_given_up_after_the_bound()
    {
        var asks = 0;
        Assert.False(await ResumeRequest.SendUntilStartedAsync(
            () => { asks++; return Task.CompletedTask; }, () => Task.FromResult(ClusterJobState.NotStarted),
            "job", NullLogger.Instance, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(100)));
        Assert.True(asks >= 1, $"asked {asks} time(s)"); // how often depends on the machine's pace; asking again is the first test's
    }
}
