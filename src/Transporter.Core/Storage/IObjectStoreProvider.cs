using Transporter.Core.Endpoints;

namespace Transporter.Core.Storage;

/// <summary>One provider (S3 family, Azure, GCS): opens buckets of its endpoint types and lists an endpoint's buckets.</summary>
public interface IObjectStoreProvider
{
    /// <summary>The endpoint "type" values this provider serves.</summary>
    IReadOnlyCollection<string> Types { get; }

    /// <summary>The bucket of <paramref name="endpoint"/>; no network call happens until the store is used.</summary>
    IObjectStore Open(EndpointConfig endpoint);

    /// <summary>Names of the buckets (containers) the endpoint's credentials can see.</summary>
    Task<IReadOnlyList<string>> ListBucketsAsync(EndpointConfig endpoint, CancellationToken ct);
}
