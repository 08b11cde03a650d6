using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Transporter.Connectors.Azure;
using Transporter.Core.Endpoints;
using Transporter.Core.Storage;
using Transporter.Worker.Tests.Copying;

namespace Transporter.Worker.Tests.Engine;

/// <summary>
/// Test double: the real Azure provider, with a <see cref="FaultInjectingObjectStore"/> in front of the containers a
/// test names, so an engine test can hold a listing, hang a write or fail a step at a chosen moment.
/// </summary>
public sealed class FaultInjectingProvider(IObjectStoreProvider inner) : IObjectStoreProvider
{
    private readonly ConcurrentDictionary<string, Action<FaultInjectingObjectStore>> _faults = new();

    /// <summary>Each store opened on <paramref name="bucket"/> from now on gets <paramref name="configure"/>.</summary>
    public void For(string bucket, Action<FaultInjectingObjectStore> configure) => _faults[bucket] = configure;

    public IReadOnlyCollection<string> Types => inner.Types;

    public IObjectStore Open(EndpointConfig endpoint)
    {
        var store = inner.Open(endpoint);
        if (!_faults.TryGetValue(endpoint.Bucket ?? "", out var configure)) return store;
        var faulty = new FaultInjectingObjectStore(store);
        configure(faulty);
        return faulty;
    }

    public Task<IReadOnlyList<string>> ListBucketsAsync(EndpointConfig endpoint, CancellationToken ct) => inner.ListBucketsAsync(endpoint, ct);

    /// <summary>Replaces the engine's providers with this double over a real Azure provider.</summary>
    public static FaultInjectingProvider Install(IServiceCollection services)
    {
        var provider = new FaultInjectingProvider(new AzureStoreProvider());
        foreach (var descriptor in services.Where(d => d.ServiceType == typeof(IObjectStoreProvider)).ToList()) services.Remove(descriptor);
        services.AddSingleton<IObjectStoreProvider>(provider);
        return provider;
    }
}
