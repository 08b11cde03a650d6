using Google.Apis.Http;

namespace Transporter.Connectors.Gcs;

/// <summary>
/// The SDK's HTTP stack: <see cref="ConnectorHttp"/>'s sockets handler and adaptive request rate, with media downloads
/// asking for the stored bytes.
/// </summary>
internal sealed class GcsHttpClientFactory : HttpClientFactory
{
    protected override HttpMessageHandler CreateHandler(CreateHttpClientArgs args) =>
        new RequestRateHandler(new RawMediaHandler(ConnectorHttp.CreateSocketsHandler()));

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
