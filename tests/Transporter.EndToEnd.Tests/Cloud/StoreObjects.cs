using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;

namespace Transporter.EndToEnd.Tests.Cloud;

/// <summary>Objects of the built-in store written and read with the AWS SDK, streamed from and to files.</summary>
public static class StoreObjects
{
    public static async Task PutAsync(AmazonS3Client s3, string bucket, string key, ContentFile content, ObjectProperties? properties = null)
    {
        var request = new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            FilePath = content.Path,
            ContentType = properties?.ContentType ?? "application/octet-stream",
            UseChunkEncoding = false,
        };
        if (properties is not null)
        {
            request.Headers.CacheControl = properties.CacheControl;
            request.Headers.ContentDisposition = properties.ContentDisposition;
            request.Headers.ContentEncoding = properties.ContentEncoding;
            request.Headers.ContentLanguage = properties.ContentLanguage;
            if (properties.Expires is { } expires) request.Headers.Expires = DateTime.Parse(expires, null, System.Globalization.DateTimeStyles.AdjustToUniversal);
            foreach (var (name, value) in properties.Metadata) request.Metadata.Add(name, value);
            if (properties.Tags.Count > 0) request.TagSet = [.. properties.Tags.Select(t => new Tag { Key = t.Key, Value = t.Value })];
        }
        await s3.PutObjectAsync(request);
    }

    /// <summary>Writes many objects, 16 at a time.</summary>
    public static Task PutManyAsync(AmazonS3Client s3, string bucket, IEnumerable<(string Key, ContentFile Content, ObjectProperties? Properties)> objects) =>
        Parallel.ForEachAsync(objects, new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (o, _) => await PutAsync(s3, bucket, o.Key, o.Content, o.Properties));

    /// <summary>Content headers, Expires, user metadata (names without x-amz-meta-) and tags of an object.</summary>
    public static async Task<ObjectProperties> DescribeAsync(AmazonS3Client s3, string bucket, string key)
    {
        var head = await s3.GetObjectMetadataAsync(bucket, key);
        var tags = await s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = bucket, Key = key });
        return new ObjectProperties
        {
            ContentType = head.Headers.ContentType,
            CacheControl = head.Headers.CacheControl,
            ContentDisposition = head.Headers.ContentDisposition,
            ContentEncoding = head.Headers.ContentEncoding,
            ContentLanguage = head.Headers.ContentLanguage,
            Expires = head.ExpiresString,
            Metadata = head.Metadata.Keys.ToDictionary(k => k.StartsWith("x-amz-meta-", StringComparison.Ordinal) ? k["x-amz-meta-".Length..] : k, k => head.Metadata[k]),
            Tags = (tags.Tagging ?? []).ToDictionary(t => t.Key, t => t.Value),
        };
    }

    /// <summary>SHA-256 (upper-case hex) of the object's bytes, hashed as they stream in.</summary>
    public static async Task<string> Sha256Async(AmazonS3Client s3, string bucket, string key)
    {
        using var response = await s3.GetObjectAsync(bucket, key);
        return Convert.ToHexString(await SHA256.HashDataAsync(response.ResponseStream));
    }

    /// <summary>The SHA-256 of every object of the bucket, 16 at a time.</summary>
    public static async Task<Dictionary<string, string>> Sha256AllAsync(AmazonS3Client s3, string bucket, IEnumerable<string> keys)
    {
        var hashes = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (key, _) => hashes[key] = await Sha256Async(s3, bucket, key));
        return new Dictionary<string, string>(hashes, StringComparer.Ordinal);
    }
}
