using Transporter.Store.Engine.Model;

namespace Transporter.Store.Admin.Buckets;

/// <summary>A bucket as its administrators see it: usage, limits and who may read it without signing.</summary>
/// <param name="Objects">Objects, every version counted.</param>
/// <param name="Bytes">Bytes, every version counted.</param>
/// <param name="UnfinishedUploads">Multipart uploads in progress.</param>
/// <param name="Website">The website configuration; null when the bucket is not served as a website.</param>
/// <param name="IsPublic">Its ACL or bucket policy lets anyone read it (S3's notion, as rs-bucket-info reports it).</param>
public sealed record BucketOverview(
    BucketInfo Bucket, long Objects, long Bytes, long UnfinishedUploads, BucketQuotas Quotas, BucketWebsite? Website, bool IsPublic)
{
    public string Name => Bucket.Name;
}
