namespace Transporter.Store.Engine.Checksums;

/// <summary>The additional checksums S3 clients send (x-amz-checksum-*), besides the MD5 ETag.</summary>
public enum ChecksumAlgorithm
{
    Crc32,
    Crc32C,
    Sha1,
    Sha256,
    Crc64Nvme,
}
