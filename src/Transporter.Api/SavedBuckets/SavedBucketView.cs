using System.Text.Json.Serialization;
using Transporter.Core.SavedBuckets;

namespace Transporter.Api.SavedBuckets;

/// <summary>A saved bucket as GET /saved-buckets shows it, with the form's field names: where it is and which kind of
/// access it has, never a secret.</summary>
public sealed record SavedBucketView(
    [property: JsonPropertyName("bucketname")] string BucketName,
    [property: JsonPropertyName("cloud")] string Cloud,
    [property: JsonPropertyName("endpoint")] string? Endpoint,
    [property: JsonPropertyName("region")] string? Region,
    [property: JsonPropertyName("accessKeyId")] string? AccessKeyId,
    [property: JsonPropertyName("hasSecretAccessKey")] bool HasSecretAccessKey,
    [property: JsonPropertyName("accessRole")] string? AccessRole,
    [property: JsonPropertyName("accessRoleExt")] string? AccessRoleExt,
    [property: JsonPropertyName("hasSharedSecret")] bool HasSharedSecret,
    [property: JsonPropertyName("updatedAt")] DateTimeOffset UpdatedAt)
{
    public static SavedBucketView Of(SavedBucket b, bool hasSecret, bool hasShared) =>
        new(b.BucketName, b.Cloud, b.Endpoint, b.Region, b.AccessKeyId, hasSecret, b.AccessRole, b.AccessRoleExt, hasShared, b.UpdatedAt);
}
