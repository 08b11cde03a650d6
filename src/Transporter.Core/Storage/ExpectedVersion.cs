namespace Transporter.Core.Storage;

/// <summary>
/// The version of an object a read is conditioned on (<see cref="IObjectStore.OpenReadAsync"/>): its ETag
/// (S3 If-Match, an Azure ETag condition) or, on GCS, its generation. A read of another version fails with
/// <see cref="ObjectStoreErrorKind.VersionChanged"/>.
/// </summary>
/// <param name="ETag">Without quotes.</param>
/// <param name="Generation">GCS only: the generation the listing gave.</param>
public sealed record ExpectedVersion(string? ETag, long? Generation = null)
{
    /// <summary>The version a listing saw, or null when it named none.</summary>
    public static ExpectedVersion? Of(ObjectSummary listed) =>
        listed.ETag is null && listed.Generation is null ? null : new ExpectedVersion(listed.ETag, listed.Generation);
}
