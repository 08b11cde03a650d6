namespace Transporter.Store.Engine.Model;

/// <summary>What a DeleteObject did, for x-amz-version-id and x-amz-delete-marker.</summary>
/// <param name="VersionId">The version removed, or the delete marker made (client form); null for unversioned buckets.</param>
/// <param name="DeleteMarker">True when a delete marker was made, or the version removed was one.</param>
public sealed record DeleteResult(string? VersionId, bool DeleteMarker)
{
    public static readonly DeleteResult Unversioned = new(null, false);
}
