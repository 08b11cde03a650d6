namespace Transporter.Worker.Copying;

/// <summary>
/// How a copy was checked, for its report row: the source's own checksum (when it has one), the destination's own
/// (what it reported having stored), the algorithm, and whether the destination's checksum was compared with the bytes
/// read and found equal (and the source's too, when it had one). Checksums are lowercase hex.
/// </summary>
internal sealed record CopyIntegrity(string? SourceChecksum, string? DestinationChecksum, string Algorithm, bool Verified)
{
    /// <summary>MD5 of the whole object.</summary>
    public const string Md5 = "MD5";

    /// <summary>S3's multipart ETag: the MD5 of the parts' MD5s, with the part count.</summary>
    public const string Md5OfParts = "MD5-of-parts";

    /// <summary>GCS's CRC32C of the whole object (a continued GCS copy whose source has a CRC32C but no MD5).</summary>
    public const string Crc32c = "CRC32C";

    public static string? Hex(string? base64Md5)
    {
        if (base64Md5 is null) return null;
        Span<byte> bytes = stackalloc byte[18];
        return Convert.TryFromBase64String(base64Md5, bytes, out var n) ? Convert.ToHexStringLower(bytes[..n]) : null;
    }
}
