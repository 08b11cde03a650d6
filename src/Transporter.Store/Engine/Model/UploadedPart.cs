using Transporter.Store.Engine.Checksums;

namespace Transporter.Store.Engine.Model;

/// <summary>A part uploaded to a multipart upload; <see cref="ETag"/> is the hex MD5 of its bytes.</summary>
public sealed record UploadedPart(int PartNumber, long Size, string ETag, DateTimeOffset LastModified, ObjectChecksum? Checksum);
