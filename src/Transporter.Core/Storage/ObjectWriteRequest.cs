namespace Transporter.Core.Storage;

/// <summary>What to write: key, exact size, metadata, tags and destination options.</summary>
public sealed record ObjectWriteRequest
{
    public required string Key { get; init; }
    public required long Size { get; init; }
    public string? ContentType { get; init; }
    public string? CacheControl { get; init; }
    public string? ContentDisposition { get; init; }
    public string? ContentEncoding { get; init; }
    public string? ContentLanguage { get; init; }
    public string? Expires { get; init; }
    public IReadOnlyDictionary<string, string> UserMetadata { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>The destination's subtype (e.g. aws-s3-glacier, azure-s3-cool); the provider maps it to its own class.</summary>
    public string? StorageClass { get; init; }

    /// <summary>forceSSES3: ask the destination for server-side encryption with its own keys.</summary>
    public bool ServerSideEncryption { get; init; }

    /// <summary>Base64 MD5 of the content when known in advance; the provider sends it so the destination verifies.</summary>
    public string? ContentMd5 { get; init; }
}
