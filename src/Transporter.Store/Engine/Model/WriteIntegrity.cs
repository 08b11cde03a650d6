using Transporter.Store.Engine.Checksums;

namespace Transporter.Store.Engine.Model;

/// <summary>
/// What a write must prove about the bytes received before it is committed: the Content-MD5 and an additional
/// checksum, sent as a header before the body or as an aws-chunked trailer after it.
/// </summary>
public sealed record WriteIntegrity
{
    public static readonly WriteIntegrity None = new();

    /// <summary>The decoded Content-MD5 header (16 bytes); BadDigest when the body differs.</summary>
    public byte[]? ContentMd5 { get; init; }

    /// <summary>The additional checksum to compute and store; null for none.</summary>
    public ChecksumAlgorithm? ChecksumAlgorithm { get; init; }

    /// <summary>The base64 value the client expects, when sent as a header.</summary>
    public string? ExpectedChecksum { get; init; }

    /// <summary>Reads the expected value from the trailers once the body has been read to its end.</summary>
    public Func<string?>? TrailingChecksum { get; init; }
}
