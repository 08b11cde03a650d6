using Transporter.Core.Endpoints;
using Transporter.Core.Storage;

namespace Transporter.Connectors;

/// <summary>Picks the provider for an endpoint's type. Register every <see cref="IObjectStoreProvider"/> in DI.</summary>
public sealed class ObjectStoreFactory(IEnumerable<IObjectStoreProvider> providers)
{
    private readonly Dictionary<string, IObjectStoreProvider> _byType =
        providers.SelectMany(p => p.Types.Select(t => (t, p))).ToDictionary(x => x.t, x => x.p, StringComparer.Ordinal);

    public IObjectStore Open(EndpointConfig endpoint) => ProviderFor(endpoint).Open(endpoint);

    public Task<IReadOnlyList<string>> ListBucketsAsync(EndpointConfig endpoint, CancellationToken ct) =>
        ProviderFor(endpoint).ListBucketsAsync(endpoint, ct);

    private IObjectStoreProvider ProviderFor(EndpointConfig endpoint) =>
        endpoint.Type is not null && _byType.TryGetValue(endpoint.Type, out var provider)
            ? provider
            : throw new ObjectStoreException(ObjectStoreErrorKind.InvalidRequest, "UnsupportedType", $"endpoint type '{endpoint.Type}' is not supported");
}
