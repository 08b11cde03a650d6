namespace Transporter.Core.Storage;

/// <summary>One entry of a listing.</summary>
/// <param name="ETag">Without quotes; an MD5 in hex for single-part S3 objects, "md5-N" for multipart ones.</param>
public sealed record ObjectSummary(string Key, long Size, DateTimeOffset LastModified, string? ETag, string? StorageClass = null);
