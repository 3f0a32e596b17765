using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;

namespace Checkpointing.S3.Objects;

/// <summary>
/// Runs one S3 request with up to <see cref="S3CheckpointStorageOptions.MaxAttempts"/> attempts, each bounded by
/// <see cref="S3CheckpointStorageOptions.RequestTimeout"/>. Only what can pass by itself is retried: throttling, 5xx,
/// cut connections and timed-out attempts. The caller's cancellation (the checkpoint timeout) ends it at once.
/// </summary>
internal sealed class Retrying(S3CheckpointStorageOptions options)
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    public async Task<T> RunAsync<T>(Func<int, CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        for (var number = 1; ; number++)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.RequestTimeout);
            try
            {
                return await attempt(number, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (number < options.MaxAttempts && !cancellationToken.IsCancellationRequested && IsTransient(e))
            {
                await Task.Delay(Backoff(number), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Full jitter over an exponentially growing ceiling, so parallel uploads that failed together do not retry together.</summary>
    private TimeSpan Backoff(int failedAttempt)
    {
        var ceiling = Math.Min(MaxDelay.TotalMilliseconds, options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, failedAttempt - 1));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
    }

    internal static bool IsTransient(Exception e)
    {
        // A key found taken stays taken; retrying would only meet it again.
        if (e is ObjectExistsException) return false;
        if (e is AmazonServiceException service)
        {
            var status = (int)service.StatusCode;
            if (status >= 500 || service.StatusCode == HttpStatusCode.TooManyRequests || service.StatusCode == HttpStatusCode.RequestTimeout) return true;
            if (service.ErrorCode is "SlowDown" or "Throttling" or "ThrottlingException" or "RequestTimeout") return true;
        }
        // A timed-out attempt (its own timeout, not the caller's token), or a connection cut or refused on the way.
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is OperationCanceledException or TimeoutException or HttpRequestException or SocketException or IOException) return true;
        }
        return false;
    }
}
