namespace Transporter.Core.Storage;

/// <summary>
/// One version of an object, which a read may be conditioned on (<see cref="IObjectStore.OpenReadAsync"/>): its ETag
/// (S3 If-Match, an Azure ETag condition) or, on GCS, its generation. A read of another version fails with
/// <see cref="ObjectStoreErrorKind.VersionChanged"/>.
/// </summary>
/// <param name="ETag">Without quotes.</param>
/// <param name="Generation">GCS only: the generation the listing gave.</param>
public sealed record ObjectVersion(string? ETag, long? Generation = null)
{
    /// <summary>The version a listing saw, or null when it named none.</summary>
    public static ObjectVersion? Of(ObjectSummary listed) =>
        listed.ETag is null && listed.Generation is null ? null : new ObjectVersion(listed.ETag, listed.Generation);
}
