using Transporter.Core.Endpoints;
using Transporter.Core.Storage;

namespace Transporter.Worker.Endpoints;

/// <summary>A migration's source and destination buckets, opened with the decrypted credentials. Dispose after use.</summary>
public sealed class OpenedEndpoints(IObjectStore source, IObjectStore destination, EndpointConfig sourceConfig, EndpointConfig destinationConfig)
    : IAsyncDisposable
{
    public IObjectStore Source { get; } = source;
    public IObjectStore Destination { get; } = destination;

    /// <summary>The source's configuration (type, bucket, prefix), credentials included: never log it.</summary>
    public EndpointConfig SourceConfig { get; } = sourceConfig;

    /// <summary>The destination's configuration (type, subtype, forceSSES3), credentials included: never log it.</summary>
    public EndpointConfig DestinationConfig { get; } = destinationConfig;

    /// <summary>The source listing's prefix ("" for the whole bucket).</summary>
    public string Prefix => SourceConfig.Prefix ?? "";

    public async ValueTask DisposeAsync()
    {
        await Source.DisposeAsync().ConfigureAwait(false);
        await Destination.DisposeAsync().ConfigureAwait(false);
    }
}
