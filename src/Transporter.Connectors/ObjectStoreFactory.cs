using Transporter.Core.Endpoints;
using Transporter.Core.Storage;

namespace Transporter.Connectors;

/// <summary>Picks the provider for an endpoint's type. Register every <see cref="IObjectStoreProvider"/> in DI.</summary>
public sealed class ObjectStoreFactory(IEnumerable<IObjectStoreProvider> providers)
{
    private readonly Dictionary<string, IObjectStoreProvider> _byType =
        providers.SelectMany(p => p.Types.Select(t => (t, p))).ToDictionary(x => x.t, x => x.p, StringComparer.Ordinal);

    /// <summary>Opens the endpoint's bucket. A configuration the provider's client refuses (a key that is not base64, a
    /// private key that is not one) is an <see cref="ObjectStoreException"/> of kind InvalidCredentials, like credentials
    /// the provider refuses: retrying cannot heal it.</summary>
    public IObjectStore Open(EndpointConfig endpoint)
    {
        var provider = ProviderFor(endpoint);
        try
        {
            return provider.Open(endpoint);
        }
        catch (Exception e) when (e is not ObjectStoreException)
        {
            throw InvalidConfiguration(e);
        }
    }

    public async Task<IReadOnlyList<string>> ListBucketsAsync(EndpointConfig endpoint, CancellationToken ct)
    {
        var provider = ProviderFor(endpoint);
        try
        {
            return await provider.ListBucketsAsync(endpoint, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw new ObjectStoreException(ObjectStoreErrorKind.Transient, "NetworkError", e.Message, e);
        }
        catch (Exception e) when (e is not ObjectStoreException and not OperationCanceledException)
        {
            throw InvalidConfiguration(e);
        }
    }

    private static ObjectStoreException InvalidConfiguration(Exception e) =>
        new(ObjectStoreErrorKind.InvalidCredentials, "InvalidConfiguration", $"the endpoint's settings were refused: {e.Message}", e);

    private IObjectStoreProvider ProviderFor(EndpointConfig endpoint) =>
        endpoint.Type is not null && _byType.TryGetValue(endpoint.Type, out var provider)
            ? provider
            : throw new ObjectStoreException(ObjectStoreErrorKind.InvalidRequest, "UnsupportedType", $"endpoint type '{endpoint.Type}' is not supported");
}
