using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;

namespace Transporter.ScaleOut.Tests.Infrastructure;

/// <summary>
/// Objects whose content is derived from their key (SHA-256 of the key and a block number, repeated), so a copy can
/// be checked against the key alone, without keeping the originals: the expected MD5 is what the destination's ETag
/// must be.
/// </summary>
public sealed class Dataset(string prefix, int count, Func<int, int> size)
{
    public int Count => count;

    public IEnumerable<string> Keys => Enumerable.Range(0, count).Select(Key);

    public string Key(int i) => $"{prefix}{i:D5}";

    public int Size(int i) => size(i);

    public long TotalBytes => Enumerable.Range(0, count).Sum(i => (long)size(i));

    public static byte[] Content(string key, int size)
    {
        var bytes = new byte[size];
        var seed = Encoding.UTF8.GetBytes(key);
        Span<byte> block = stackalloc byte[32];
        for (var offset = 0; offset < size; offset += 32)
        {
            SHA256.HashData([.. seed, .. BitConverter.GetBytes(offset)], block);
            block[..Math.Min(32, size - offset)].CopyTo(bytes.AsSpan(offset));
        }
        return bytes;
    }

    /// <summary>Expected ETag (quoted hex MD5) of every key.</summary>
    public Dictionary<string, string> ExpectedETags() =>
        Enumerable.Range(0, count).ToDictionary(Key, i => $"\"{Convert.ToHexStringLower(MD5.HashData(Content(Key(i), size(i))))}\"", StringComparer.Ordinal);

    /// <summary>Writes every object into <paramref name="bucket"/>, 16 at a time.</summary>
    public Task UploadAsync(AmazonS3Client s3, string bucket) =>
        Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var key = Key(i);
            await s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = bucket,
                Key = key,
                InputStream = new MemoryStream(Content(key, size(i))),
                ContentType = "application/octet-stream",
                UseChunkEncoding = false,
            }, ct);
        });

    /// <summary>Key → ETag of every object in <paramref name="bucket"/>.</summary>
    public static async Task<Dictionary<string, string>> ListETagsAsync(AmazonS3Client s3, string bucket)
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal);
        string? token = null;
        do
        {
            var page = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, ContinuationToken = token });
            foreach (var o in page.S3Objects ?? []) all[o.Key] = o.ETag;
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);
        return all;
    }
}
