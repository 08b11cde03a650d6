namespace Transporter.EndToEnd.Tests.Cloud;

/// <summary>What a copy must keep of an object besides its bytes: content headers, user metadata and tags.</summary>
public sealed record ObjectProperties
{
    public string? ContentType { get; init; }
    public string? CacheControl { get; init; }
    public string? ContentDisposition { get; init; }
    public string? ContentEncoding { get; init; }
    public string? ContentLanguage { get; init; }

    /// <summary>An RFC 1123 date; S3 only (Azure and GCS have no Expires header).</summary>
    public string? Expires { get; init; }

    /// <summary>User metadata, names lower case and without a provider prefix.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>One line with every field, metadata and tags in name order, for comparing copies.</summary>
    public override string ToString() =>
        $"type={ContentType}; cache={CacheControl}; disposition={ContentDisposition}; encoding={ContentEncoding}; " +
        $"language={ContentLanguage}; expires={Expires}; metadata: {Join(Metadata)}; tags: {Join(Tags)}";

    private static string Join(IReadOnlyDictionary<string, string> entries) =>
        string.Join(", ", entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={e.Value}"));
}
