namespace Transporter.Store.Engine.Checksums;

/// <summary>
/// An object's stored additional checksum, returned on GET/HEAD with x-amz-checksum-mode: ENABLED.
/// <paramref name="Value"/> is base64; a COMPOSITE checksum of a multipart object ends with "-N".
/// </summary>
public sealed record ObjectChecksum(ChecksumAlgorithm Algorithm, string Value, ChecksumType Type = ChecksumType.FullObject);
