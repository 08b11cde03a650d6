using Transporter.Core.Bandwidth;
using Transporter.Core.Endpoints;
using Transporter.Core.Storage;

namespace Transporter.Worker.Copying;

/// <summary>What every object of one migration run is copied with.</summary>
/// <param name="Source">The opened source bucket.</param>
/// <param name="Destination">The opened destination bucket.</param>
/// <param name="SourceEndpoint">The source's configuration (type, bucket, prefix).</param>
/// <param name="DestinationEndpoint">The destination's configuration (type, subtype, forceSSES3).</param>
/// <param name="DeleteAfterUpload">Delete each source object after its verified copy.</param>
/// <param name="Bandwidth">The migration's limiter, shared by all its transfers; null when unlimited.</param>
/// <param name="Uploads">Where multipart copies and write sessions keep their progress so another worker can resume them;
/// null when they are not resumable (then a cancelled copy aborts its upload).</param>
public sealed record CopyContext(
    IObjectStore Source,
    IObjectStore Destination,
    EndpointConfig SourceEndpoint,
    EndpointConfig DestinationEndpoint,
    bool DeleteAfterUpload,
    IBandwidthLimiter? Bandwidth,
    UploadCheckpoints? Uploads = null);
