namespace Transporter.Store.Engine.Model;

/// <summary>A bucket, the root (tenant) that owns it, and the settings every write consults.</summary>
public sealed record BucketInfo(string Name, string Owner, DateTimeOffset Created)
{
    public VersioningState Versioning { get; init; } = VersioningState.Unversioned;

    /// <summary>Created with x-amz-bucket-object-lock-enabled (versioning stays Enabled).</summary>
    public bool ObjectLockEnabled { get; init; }
}
