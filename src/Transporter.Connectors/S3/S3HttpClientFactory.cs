using Amazon.Runtime;

namespace Transporter.Connectors.S3;

/// <summary>
/// Hands the SDK one long-lived HttpClient per <see cref="S3Client"/>: <see cref="ConnectorHttp"/>'s sockets handler, behind the adaptive request rate, the dialect's
/// handlers (SigV2 signing, GCS header names) and the raw header capture. The SDK neither caches nor disposes it; <see cref="S3Client"/> does.
/// </summary>
internal sealed class S3HttpClientFactory : HttpClientFactory, IDisposable
{
    private readonly HttpClient _client;

    public S3HttpClientFactory(S3Endpoint endpoint, S3ProviderOptions options, TimeProvider clock)
    {
        HttpMessageHandler handler = ConnectorHttp.CreateSocketsHandler(options.MaxConnectionsPerServer, options.ConnectTimeout);
        if (endpoint.IsGcs) handler = new GcsInteropHandler { InnerHandler = handler };
        handler = new RawResponseHeadersHandler { InnerHandler = handler };
        handler = new SmallBodyExpectContinueHandler { InnerHandler = handler };
        if (endpoint.SignsV2) handler = new S3SigV2SigningHandler(endpoint.AccessKey, endpoint.SecretKey, clock) { InnerHandler = handler };
        handler = new RequestRateHandler(handler);
        // Transfers of large objects run for as long as they need; callers cancel through their token.
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The client itself, for the requests sent without the SDK (<see cref="S3DataPath"/>).</summary>
    public HttpClient Client => _client;

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => _client;

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    public void Dispose() => _client.Dispose();
}
