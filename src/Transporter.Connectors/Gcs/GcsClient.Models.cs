using System.Text.Json.Serialization;

namespace Transporter.Connectors.Gcs;

internal sealed partial class GcsClient
{
    /// <summary>The JSON API's object resource (the fields this client reads and writes). Numbers come as strings.</summary>
    public sealed record GcsObject
    {
        [JsonPropertyName("name")] public string? Name { get; init; }
        [JsonPropertyName("bucket")] public string? Bucket { get; init; }
        [JsonPropertyName("generation")] public string? Generation { get; init; }
        [JsonPropertyName("size")] public string? Size { get; init; }
        [JsonPropertyName("updated")] public DateTimeOffset? Updated { get; init; }
        [JsonPropertyName("etag")] public string? ETag { get; init; }
        [JsonPropertyName("md5Hash")] public string? Md5Hash { get; init; }
        [JsonPropertyName("contentType")] public string? ContentType { get; init; }
        [JsonPropertyName("contentEncoding")] public string? ContentEncoding { get; init; }
        [JsonPropertyName("contentLanguage")] public string? ContentLanguage { get; init; }
        [JsonPropertyName("contentDisposition")] public string? ContentDisposition { get; init; }
        [JsonPropertyName("cacheControl")] public string? CacheControl { get; init; }
        [JsonPropertyName("storageClass")] public string? StorageClass { get; init; }
        [JsonPropertyName("metadata")] public Dictionary<string, string>? Metadata { get; init; }
        [JsonPropertyName("kmsKeyName")] public string? KmsKeyName { get; init; }
    }

    public sealed record ObjectList
    {
        [JsonPropertyName("items")] public List<GcsObject>? Items { get; init; }
        [JsonPropertyName("nextPageToken")] public string? NextPageToken { get; init; }
    }

    public sealed record BucketList
    {
        [JsonPropertyName("items")] public List<BucketItem>? Items { get; init; }
        [JsonPropertyName("nextPageToken")] public string? NextPageToken { get; init; }
    }

    public sealed record BucketItem
    {
        [JsonPropertyName("name")] public string? Name { get; init; }
    }

    /// <summary>A resumable session's state: bytes the service holds, or the finished object.</summary>
    public sealed record UploadStatus(long Persisted, GcsObject? Completed);
}
