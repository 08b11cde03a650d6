using System.Net;

namespace Transporter.Connectors;

/// <summary>The HttpClient the REST providers (Azure, GCS) share per provider instance.</summary>
public static class ConnectorHttp
{
    /// <summary>
    /// No automatic decompression (gzip-encoded objects must be copied byte for byte), no overall timeout (a large
    /// body may legitimately take hours at a bandwidth limit), pooled connections recycled so DNS changes are seen; requests of a copy paced by the endpoint's adaptive rate
    /// (<see cref="RequestRateHandler"/>).
    /// </summary>
    public static HttpClient CreateClient() =>
        new(new RequestRateHandler(new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(30),
            MaxConnectionsPerServer = 256,
            AllowAutoRedirect = false,
            UseCookies = false,
        }))
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
}
