using System.Net;
using Amazon.S3;
using Checkpointing.S3.Objects;

namespace Checkpointing.S3.Tests.Faults;

/// <summary>Which failures a request retries: what can pass by itself, never what will fail the same way again.</summary>
public sealed class TransientErrorTests
{
    public static TheoryData<Exception, bool> Cases => new()
    {
        { new AmazonS3Exception("slow down") { StatusCode = HttpStatusCode.ServiceUnavailable, ErrorCode = "SlowDown" }, true },
        { new AmazonS3Exception("internal") { StatusCode = HttpStatusCode.InternalServerError }, true },
        { new AmazonS3Exception("too many") { StatusCode = HttpStatusCode.TooManyRequests }, true },
        { new HttpRequestException("reset", new IOException("connection reset")), true },
        { new TaskCanceledException("attempt timed out"), true },
        { new AmazonS3Exception("denied") { StatusCode = HttpStatusCode.Forbidden, ErrorCode = "AccessDenied" }, false },
        { new AmazonS3Exception("no bucket") { StatusCode = HttpStatusCode.NotFound, ErrorCode = "NoSuchBucket" }, false },
        { new ObjectExistsException("b", "k"), false },
    };

    [Theory, MemberData(nameof(Cases))]
    public void Only_failures_that_can_pass_by_themselves_are_retried(Exception error, bool retried) =>
        Assert.Equal(retried, Retrying.IsTransient(error));
}
