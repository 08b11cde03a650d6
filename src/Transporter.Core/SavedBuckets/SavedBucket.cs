namespace Transporter.Core.SavedBuckets;

/// <summary>
/// An entry of a root's saved bucket table (spec/bucket-table-api.txt): a bucket and how to reach it, so that
/// migrations, syncs and plans can name it (<c>{"savedBucket": "testb3"}</c>) instead of repeating its endpoint and
/// credentials. Secrets are encrypted at rest and never returned by the API.
/// </summary>
public sealed record SavedBucket
{
    public required string Root { get; init; }
    public required string BucketName { get; init; }

    /// <summary>aws, azure, minio or other.</summary>
    public required string Cloud { get; init; }

    public string? Endpoint { get; init; }
    public string? Region { get; init; }
    public string? AccessKeyId { get; init; }
    public string? SecretAccessKey { get; init; }
    public string? AccessRole { get; init; }
    public string? AccessRoleExt { get; init; }
    public string? SharedSecret { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    public static readonly string[] Clouds = ["aws", "azure", "minio", "other"];

    public override string ToString() => $"SavedBucket {{ Root = {Root}, BucketName = {BucketName}, Cloud = {Cloud}, credentials hidden }}";
}
