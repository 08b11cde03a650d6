namespace Transporter.Core.Storage;

/// <param name="ETag">The destination's ETag without quotes.</param>
/// <param name="ContentMd5">Base64 MD5 of the bytes written, when the destination reports or the writer computed it.</param>
/// <param name="VersionId">The version the write made, when the destination keeps versions.</param>
/// <param name="Crc32c">Base64 CRC32C of what the destination stored, when it reports one (GCS).</param>
public sealed record ObjectWriteResult(string? ETag, string? ContentMd5 = null, bool ServerSideEncrypted = false, string? VersionId = null,
    string? Crc32c = null);
