using Transporter.Store.Engine.Blobs;
using Transporter.Store.Engine.Model;

namespace Transporter.Store.Engine.Metadata;

/// <summary>An object row with its data file list, as a reader needs it.</summary>
internal sealed record CachedObject(ObjectInfo Info, IReadOnlyList<BlobSegment> Segments);
