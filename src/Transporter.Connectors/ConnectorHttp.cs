using System.Net;

namespace Transporter.Connectors;

/// <summary>The HTTP stack every connector sends through (S3, Azure, GCS): one set of socket settings, with the
/// adaptive request rate outermost.</summary>
public static class ConnectorHttp
{
    /// <summary>
    /// No automatic decompression (objects stored gzip-encoded are copied byte for byte), no redirects (they are errors
    /// to report), pooled connections recycled so DNS changes are seen, and a raised connection limit: the copy engine
    /// runs many transfers to one endpoint at once.
    /// </summary>
    public static SocketsHttpHandler CreateSocketsHandler(int maxConnectionsPerServer = 256, TimeSpan? connectTimeout = null) => new()
    {
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(50),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = connectTimeout ?? TimeSpan.FromSeconds(30),
        MaxConnectionsPerServer = maxConnectionsPerServer,
        AllowAutoRedirect = false,
        UseCookies = false,
    };

    /// <summary>
    /// The client of a REST provider (Azure): requests of a copy paced by the endpoint's adaptive rate
    /// (<see cref="RequestRateHandler"/>) over <paramref name="transport"/> (tests put a fault injector there) or the
    /// sockets handler; no overall timeout (a large body may legitimately take hours at a bandwidth limit).
    /// </summary>
    public static HttpClient CreateClient(HttpMessageHandler? transport = null) =>
        new(new RequestRateHandler(transport ?? CreateSocketsHandler()))
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
}
