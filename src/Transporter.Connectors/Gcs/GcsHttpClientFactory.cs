using System.Net;
using Google.Apis.Http;

namespace Transporter.Connectors.Gcs;

/// <summary>
/// The SDK's HTTP stack, as <see cref="ConnectorHttp"/> sets up the others: no automatic decompression (an object
/// stored gzip-encoded is copied byte for byte), pooled connections recycled so DNS changes are seen.
/// </summary>
internal sealed class GcsHttpClientFactory : HttpClientFactory
{
    protected override HttpMessageHandler CreateHandler(CreateHttpClientArgs args) =>
        new RequestRateHandler(new RawMediaHandler(new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(30),
            MaxConnectionsPerServer = 256,
            AllowAutoRedirect = false,
            UseCookies = false,
        }));

    /// <summary>
    /// Media downloads say they take gzip, so GCS serves a gzip-encoded object as stored instead of decompressing it
    /// (decompressive transcoding would hand over other bytes than the object's, and no MD5 to check them by).
    /// </summary>
    private sealed class RawMediaHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            if (request.Method == HttpMethod.Get && request.RequestUri?.Query.Contains("alt=media", StringComparison.Ordinal) == true
                && request.Headers.AcceptEncoding.Count == 0)
                request.Headers.AcceptEncoding.Add(new System.Net.Http.Headers.StringWithQualityHeaderValue("gzip"));
            return base.SendAsync(request, ct);
        }
    }
}
