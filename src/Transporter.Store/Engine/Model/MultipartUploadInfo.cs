using Transporter.Store.Engine.Checksums;

namespace Transporter.Store.Engine.Model;

/// <summary>A multipart upload in progress.</summary>
public sealed record MultipartUploadInfo(
    string UploadId, string Bucket, string Key, DateTimeOffset Initiated, string Initiator,
    ChecksumAlgorithm? ChecksumAlgorithm, ChecksumType ChecksumType);
