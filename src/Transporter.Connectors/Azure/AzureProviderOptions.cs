namespace Transporter.Connectors.Azure;

/// <summary>How <see cref="AzureStoreProvider"/> sets up the SDK's clients. The defaults are for production; tests
/// use small listing pages, short retry delays and a fault-injecting HTTP handler.</summary>
internal sealed record AzureProviderOptions
{
    /// <summary>Azure's largest List Blobs page.</summary>
    public const int MaxListPageSize = 5000;

    public int ListPageSize { get; init; } = MaxListPageSize;

    /// <summary>Attempts after the first for what the SDK calls transient (throttling, 5xx, timeouts, resets).</summary>
    public int MaxRetries { get; init; } = 4;

    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A request without a body (metadata, listing) that gets no answer in this time is abandoned and retried;
    /// downloads time out per read, uploads not at all (see <see cref="AzureUploadPolicy"/>).</summary>
    public TimeSpan NetworkTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>The transport under the SDK and the adaptive request rate; null for the sockets handler of <see cref="ConnectorHttp"/>.</summary>
    public HttpMessageHandler? Handler { get; init; }
}
