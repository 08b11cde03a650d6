using System.Collections.Concurrent;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Transporter.Testing;

namespace Transporter.EndToEnd.Tests.Migrations;

/// <summary>Arranging and reading buckets with the AWS SDK.</summary>
public static class Buckets
{
    public static async Task<string> CreateAsync(AmazonS3Client s3, string hint)
    {
        var name = $"{hint}-{Guid.NewGuid().ToString("N")[..10]}";
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = name });
        return name;
    }

    /// <summary>The spec's endpoint document for a bucket of <paramref name="store"/>.</summary>
    public static Dictionary<string, object?> Endpoint(PlatformProcess store, string bucket, string? prefix = null) => Endpoint(
        store.S3Url, store.RootAccessKey, store.RootSecretKey, bucket, prefix);

    public static Dictionary<string, object?> Endpoint(string url, string accessKey, string secretKey, string bucket, string? prefix = null)
    {
        var endpoint = new Dictionary<string, object?>
        {
            ["type"] = "s3v4",
            ["accessKey"] = accessKey,
            ["secretKey"] = secretKey,
            ["bucket"] = bucket,
            ["endpoint"] = url,
            ["region"] = "us-east-1",
        };
        if (prefix is not null) endpoint["prefix"] = prefix;
        return endpoint;
    }

    /// <summary>Deterministic content of <paramref name="size"/> bytes for <paramref name="seed"/>.</summary>
    public static byte[] Content(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static async Task PutAsync(AmazonS3Client s3, string bucket, string key, byte[] content, Action<PutObjectRequest>? configure = null)
    {
        var request = new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            InputStream = new MemoryStream(content),
            ContentType = "application/octet-stream",
            UseChunkEncoding = false,
        };
        configure?.Invoke(request);
        await s3.PutObjectAsync(request);
    }

    /// <summary>Writes many objects, 16 at a time.</summary>
    public static Task PutManyAsync(AmazonS3Client s3, string bucket, IEnumerable<(string Key, byte[] Content)> objects, Action<string, PutObjectRequest>? configure = null) =>
        Parallel.ForEachAsync(objects, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (o, _) =>
            await PutAsync(s3, bucket, o.Key, o.Content, configure is null ? null : r => configure(o.Key, r)));

    /// <summary>Every object of the bucket (key → listing entry), in listing order.</summary>
    public static async Task<List<S3Object>> ListAsync(AmazonS3Client s3, string bucket, string? prefix = null)
    {
        var all = new List<S3Object>();
        string? token = null;
        do
        {
            var page = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = prefix, ContinuationToken = token });
            all.AddRange(page.S3Objects ?? []);
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);
        return all;
    }

    public static async Task<string> Sha256Async(AmazonS3Client s3, string bucket, string key)
    {
        using var response = await s3.GetObjectAsync(bucket, key);
        return Convert.ToHexString(await SHA256.HashDataAsync(response.ResponseStream));
    }

    /// <summary>Content type, user metadata and tags of an object, for comparing copies.</summary>
    public static async Task<string> DescribeAsync(AmazonS3Client s3, string bucket, string key)
    {
        var head = await s3.GetObjectMetadataAsync(bucket, key);
        var tags = await s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = bucket, Key = key });
        var metadata = head.Metadata.Keys.Order(StringComparer.Ordinal).Select(k => $"{k}={head.Metadata[k]}");
        return $"type={head.Headers.ContentType}; cache={head.Headers.CacheControl}; {string.Join("; ", metadata)}; tags: " +
               string.Join(", ", (tags.Tagging ?? []).OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"));
    }

    public static ConcurrentDictionary<string, string> NewMap() => new(StringComparer.Ordinal);
}
