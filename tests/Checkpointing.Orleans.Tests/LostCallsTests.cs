
namespace Checkpointing.Orleans.Tests;

/// <summary>A status read lost with a dying gateway is asked again; a failure of the grain itself is not.</summary>
public sealed class LostCallsTests
{
    private static readonly TimeSpan NoDelay = TimeSpan.FromMilliseconds(1);

    [Fact]
    public async Task A_call_lost_in_transit_is_asked_again_until_it_answers()
    {
        var calls = 0;
        var answer = await LostCalls.ReadAsync(() => ++calls switch
        {
            1 => Task.FromException<int>(new SiloUnavailableException("gateway gone")),
            2 => Task.FromException<int>(new TimeoutException("response did not arrive")),
            _ => Task.FromResult(42),
        }, NoDelay);
        Assert.Equal(42, answer);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task A_call_that_never_answers_counts_as_lost_after_the_call_timeout()
    {
        var calls = 0;
        var answer = await LostCalls.ReadAsync(() => ++calls == 1 ? new TaskCompletionSource<int>().Task : Task.FromResult(7),
            NoDelay, callTimeout: TimeSpan.FromMilliseconds(50));
        Assert.Equal(7, answer);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task A_failure_of_the_grain_itself_is_not_asked_again()
    {
        var calls = 0;
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            LostCalls.ReadAsync(() => { calls++; return Task.FromException<int>(new InvalidOperationException("no such job")); }, NoDelay));
        Assert.Equal("no such job", error.Message);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Calls_lost_for_longer_than_the_bound_fail_with_the_last_loss()
    {
        var calls = 0;
        await Assert.ThrowsAsync<SiloUnavailableException>(() => LostCalls.ReadAsync(
            () => { calls++; return Task.FromException<int>(new SiloUnavailableException("still gone")); },
            TimeSpan.FromMilliseconds(10), giveUpAfter: TimeSpan.FromMilliseconds(100)));
        Assert.True(calls > 1, $"asked {calls} time(s)");
    }
}
