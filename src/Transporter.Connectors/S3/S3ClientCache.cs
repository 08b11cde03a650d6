using System.Collections.Concurrent;

namespace Transporter.Connectors.S3;

/// <summary>The <see cref="S3Client"/> of each endpoint+credentials, built on first use and kept until disposal.</summary>
internal sealed class S3ClientCache(S3ProviderOptions options, TimeProvider clock) : IDisposable
{
    private readonly ConcurrentDictionary<S3Endpoint, Lazy<S3Client>> _clients = new();

    public S3Client Get(S3Endpoint endpoint) =>
        _clients.GetOrAdd(endpoint, e => new Lazy<S3Client>(() => new S3Client(e, options, clock))).Value;

    public void Dispose()
    {
        foreach (var client in _clients.Values)
            if (client.IsValueCreated) client.Value.Dispose();
        _clients.Clear();
    }
}
