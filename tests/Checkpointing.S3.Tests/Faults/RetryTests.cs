using Amazon.Runtime;
using Checkpointing.S3.Tests.Infrastructure;

namespace Checkpointing.S3.Tests.Faults;

/// <summary>Throttling, 5xx and cut connections are retried with backoff; anything else, and the caller's timeout, end the write.</summary>
[Collection(S3rverCollection.Name)]
public sealed class RetryTests(S3rverFixture s3)
{
    private static bool IsPut(HttpRequestMessage request) => request.Method == HttpMethod.Put;

    [Theory]
    [InlineData(Fault.Throttle)]
    [InlineData(Fault.ServerError)]
    [InlineData(Fault.CutBefore)]
    [InlineData(Fault.CutAfter)]
    public async Task A_transient_failure_is_retried_and_the_write_lands_once(Fault fault)
    {
        var faults = new FaultInjector();
        using var storage = s3.Storage(out var client, faults, o => o.MaxAttempts = 4);
        using var _ = client;
        faults.Arm(fault, IsPut, count: 3);
        var target = storage.BeginCheckpoint("j", 1);

        await target.WriteFileAsync("f", new byte[] { 1, 2, 3 }, default);

        Assert.Equal(3, faults.Injected);
        Assert.Equal(new byte[] { 1, 2, 3 }, await storage.Open(target.Location).ReadFileAsync("f", default));
    }

    [Fact]
    public async Task Failing_more_often_than_the_attempts_allow_fails_the_write()
    {
        var faults = new FaultInjector();
        using var storage = s3.Storage(out var client, faults, o => o.MaxAttempts = 3);
        using var _ = client;
        faults.Arm(Fault.ServerError, IsPut, count: 3);

        var error = await Assert.ThrowsAnyAsync<AmazonServiceException>(() => storage.BeginCheckpoint("j", 1).WriteFileAsync("f", new byte[] { 1 }, default));

        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal(3, faults.Injected);
    }

    [Fact]
    public async Task The_callers_cancellation_ends_the_retries_at_once()
    {
        var faults = new FaultInjector();
        using var storage = s3.Storage(out var client, faults, o => { o.MaxAttempts = 1000; o.RetryBaseDelay = TimeSpan.FromMilliseconds(50); });
        using var _ = client;
        using var checkpointTimeout = new CancellationTokenSource();
        // The first put is throttled, and the checkpoint's time runs out while it waits to retry.
        faults.Policy = request =>
        {
            if (!IsPut(request)) return null;
            checkpointTimeout.Cancel();
            return Fault.Throttle;
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => storage.BeginCheckpoint("j", 1).WriteFileAsync("f", new byte[] { 1 }, checkpointTimeout.Token));

        Assert.Equal(1, faults.Injected);
    }
}
