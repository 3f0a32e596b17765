using System.Net;

namespace Checkpointing.S3.Tests.Infrastructure;

/// <summary>What happens to a request the injector picks.</summary>
public enum Fault
{
    /// <summary>Answered 500 without reaching the server.</summary>
    ServerError,

    /// <summary>Answered 503 SlowDown without reaching the server (throttling).</summary>
    Throttle,

    /// <summary>The connection is cut before the request reaches the server.</summary>
    CutBefore,

    /// <summary>The server handles the request, then the connection is cut before the answer arrives (the write may have landed).</summary>
    CutAfter,
}

/// <summary>
/// Decides, for each request the S3 client sends, whether to fail it: <see cref="Arm"/> a predicate over the request,
/// how many matching requests to let through first and how many to fail, or set any <see cref="Policy"/>. Every
/// request is recorded, so a test can enumerate the requests of an operation and then fail each one in turn.
/// </summary>
public sealed class FaultInjector
{
    private readonly Lock gate = new();
    private readonly List<string> seen = [];
    private Func<HttpRequestMessage, Fault?>? policy;
    private int injected;

    /// <summary>"METHOD /path?query" of every request so far.</summary>
    public IReadOnlyList<string> Seen { get { lock (gate) return [.. seen]; } }

    /// <summary>"METHOD /path?query" of the last request failed.</summary>
    public string? LastInjected { get; private set; }

    /// <summary>How many requests were failed.</summary>
    public int Injected => Volatile.Read(ref injected);

    /// <summary>Any rule; called under the injector's lock, one request at a time.</summary>
    public Func<HttpRequestMessage, Fault?>? Policy
    {
        set { lock (gate) policy = value; }
    }

    /// <summary>Fails <paramref name="count"/> requests matching <paramref name="which"/> with <paramref name="kind"/>, after letting <paramref name="skipFirst"/> of them through.</summary>
    public void Arm(Fault kind, Func<HttpRequestMessage, bool> which, int skipFirst = 0, int count = 1)
    {
        var skip = skipFirst;
        var left = count;
        Policy = request =>
        {
            if (left == 0 || !which(request)) return null;
            if (skip > 0) { skip--; return null; }
            left--;
            return kind;
        };
    }

    public void Disarm() => Policy = null;

    public void ClearSeen()
    {
        lock (gate) seen.Clear();
    }

    /// <summary>The fault for this request, or null to pass it on untouched.</summary>
    internal Fault? Decide(HttpRequestMessage request)
    {
        lock (gate)
        {
            seen.Add(Describe(request));
            var fault = policy?.Invoke(request);
            if (fault is not null)
            {
                injected++;
                LastInjected = seen[^1];
            }
            return fault;
        }
    }

    public static string Describe(HttpRequestMessage request) => request.Method + " " + Uri.UnescapeDataString(request.RequestUri!.PathAndQuery);

    internal static HttpResponseMessage Answer(Fault fault, HttpRequestMessage request)
    {
        var (status, code) = fault == Fault.Throttle ? (HttpStatusCode.ServiceUnavailable, "SlowDown") : (HttpStatusCode.InternalServerError, "InternalError");
        return new HttpResponseMessage(status)
        {
            RequestMessage = request,
            Content = new StringContent($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>injected</Message></Error>", System.Text.Encoding.UTF8, "application/xml"),
        };
    }
}
