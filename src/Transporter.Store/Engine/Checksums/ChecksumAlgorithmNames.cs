namespace Transporter.Store.Engine.Checksums;

/// <summary>The names S3 uses for each <see cref="ChecksumAlgorithm"/> in headers, XML and the metadata file.</summary>
public static class ChecksumAlgorithmNames
{
    /// <summary>"CRC32", "CRC32C", "SHA1", "SHA256", "CRC64NVME".</summary>
    public static string Name(this ChecksumAlgorithm algorithm) => algorithm switch
    {
        ChecksumAlgorithm.Crc32 => "CRC32",
        ChecksumAlgorithm.Crc32C => "CRC32C",
        ChecksumAlgorithm.Sha1 => "SHA1",
        ChecksumAlgorithm.Crc64Nvme => "CRC64NVME",
        _ => "SHA256",
    };

    /// <summary>CRCs can be combined over concatenated data (FULL_OBJECT multipart checksums); hashes cannot.</summary>
    public static bool IsCrc(this ChecksumAlgorithm algorithm) => algorithm is not (ChecksumAlgorithm.Sha1 or ChecksumAlgorithm.Sha256);

    /// <summary>"x-amz-checksum-crc32" and so on.</summary>
    public static string HeaderName(this ChecksumAlgorithm algorithm) => "x-amz-checksum-" + algorithm.Name().ToLowerInvariant();

    /// <summary>"ChecksumCRC32" and so on (XML elements of parts and results).</summary>
    public static string XmlElement(this ChecksumAlgorithm algorithm) => "Checksum" + algorithm.Name();

    /// <summary>Length of the raw digest in bytes.</summary>
    public static int DigestLength(this ChecksumAlgorithm algorithm) => algorithm switch
    {
        ChecksumAlgorithm.Crc32 or ChecksumAlgorithm.Crc32C => 4,
        ChecksumAlgorithm.Sha1 => 20,
        ChecksumAlgorithm.Crc64Nvme => 8,
        _ => 32,
    };

    public static bool TryParse(string? name, out ChecksumAlgorithm algorithm)
    {
        switch (name?.Trim().ToUpperInvariant())
        {
            case "CRC32": algorithm = ChecksumAlgorithm.Crc32; return true;
            case "CRC32C": algorithm = ChecksumAlgorithm.Crc32C; return true;
            case "SHA1": algorithm = ChecksumAlgorithm.Sha1; return true;
            case "SHA256": algorithm = ChecksumAlgorithm.Sha256; return true;
            case "CRC64NVME": algorithm = ChecksumAlgorithm.Crc64Nvme; return true;
            default: algorithm = default; return false;
        }
    }

    public static readonly ChecksumAlgorithm[] All =
        [ChecksumAlgorithm.Crc32, ChecksumAlgorithm.Crc32C, ChecksumAlgorithm.Sha1, ChecksumAlgorithm.Sha256, ChecksumAlgorithm.Crc64Nvme];
}
