namespace Transporter.Store.Protocol.Routing;

/// <summary>What a request addresses: the service (no bucket), a bucket, or an object of a bucket.</summary>
/// <param name="Bucket">Null for service-level requests (ListBuckets).</param>
/// <param name="Key">Null or empty for bucket-level requests.</param>
/// <param name="Path">The decoded path as S3 names a resource in errors: "/bucket/key".</param>
public sealed record S3Target(string? Bucket, string? Key, string Path)
{
    public bool HasKey => !string.IsNullOrEmpty(Key);
}
