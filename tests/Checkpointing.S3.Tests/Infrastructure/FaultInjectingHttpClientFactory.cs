using Amazon.Runtime;

namespace Checkpointing.S3.Tests.Infrastructure;

/// <summary>Gives the S3 client an <see cref="HttpClient"/> whose requests pass through a <see cref="FaultInjector"/> first.</summary>
internal sealed class FaultInjectingHttpClientFactory(FaultInjector faults) : HttpClientFactory
{
    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new FaultInjectingHandler(faults, new SocketsHttpHandler()));

    // One client per S3 client, never shared through the SDK's cache with clients that have no injector.
    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    private sealed class FaultInjectingHandler(FaultInjector faults, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var fault = faults.Decide(request);
            switch (fault)
            {
                case Fault.ServerError or Fault.Throttle:
                    return FaultInjector.Answer(fault.Value, request);
                case Fault.CutBefore:
                    throw new HttpRequestException("injected: connection cut before the request was sent", new IOException("connection reset"));
                case Fault.CutAfter:
                    using (await base.SendAsync(request, cancellationToken).ConfigureAwait(false)) { }
                    throw new HttpRequestException("injected: connection cut after the server handled the request", new IOException("connection reset"));
                default:
                    return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
