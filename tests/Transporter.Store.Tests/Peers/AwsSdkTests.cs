using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;
using Transporter.Testing;

namespace Transporter.Store.Tests.Peers;

/// <summary>AWSSDK.S3 v4, which over plain HTTP sends aws-chunked bodies with a CRC32 trailer by default.</summary>
[Collection(StoreCollection.Name)]
public class AwsSdkTests(StoreFixture store)
{
    private AmazonS3Client Client() => S3ClientFactory.For(store.Endpoint, store.Platform.RootAccessKey, store.Platform.RootSecretKey);

    [Fact]
    public async Task Put_get_list_copy_delete_with_default_checksums()
    {
        using var s3 = Client();
        var bucket = StoreFixture.NewBucketName("sdk");
        await s3.PutBucketAsync(bucket);
        var body = RandomNumberGenerator.GetBytes(300_000);

        var put = await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "a/b.bin", InputStream = new MemoryStream(body) });
        Assert.Equal($"\"{Convert.ToHexStringLower(MD5.HashData(body))}\"", put.ETag);
        Assert.False(string.IsNullOrEmpty(put.ChecksumCRC32));

        using (var get = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "a/b.bin", ChecksumMode = ChecksumMode.ENABLED }))
        {
            var copy = new MemoryStream();
            await get.ResponseStream.CopyToAsync(copy);
            Assert.Equal(body, copy.ToArray());
            Assert.Equal(put.ChecksumCRC32, get.ChecksumCRC32);
        }
        using (var range = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "a/b.bin", ByteRange = new ByteRange(100, 199) }))
        {
            var copy = new MemoryStream();
            await range.ResponseStream.CopyToAsync(copy);
            Assert.Equal(body.AsSpan(100, 100).ToArray(), copy.ToArray());
        }

        await s3.CopyObjectAsync(bucket, "a/b.bin", bucket, "c.bin");
        var list = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        Assert.Equal(["a/b.bin", "c.bin"], list.S3Objects.Select(o => o.Key));
        Assert.All(list.S3Objects, o => Assert.Equal(body.Length, o.Size));

        await s3.DeleteObjectAsync(bucket, "a/b.bin");
        await s3.DeleteObjectAsync(bucket, "never-existed");
        var missing = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.GetObjectMetadataAsync(bucket, "a/b.bin"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        var noKey = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.GetObjectAsync(bucket, "a/b.bin"));
        Assert.Equal("NoSuchKey", noKey.ErrorCode);
    }

    [Fact]
    public async Task Transfer_utility_uploads_parts_in_parallel_and_downloads_the_same_bytes()
    {
        using var s3 = Client();
        var bucket = StoreFixture.NewBucketName("sdkmp");
        await s3.PutBucketAsync(bucket);
        var dir = RepoPaths.NewTempDir("sdk-mp");
        var source = Path.Combine(dir, "source.bin");
        var data = RandomNumberGenerator.GetBytes(23 * 1024 * 1024 + 7);
        await File.WriteAllBytesAsync(source, data);

        var transfer = new TransferUtility(s3, new TransferUtilityConfig { ConcurrentServiceRequests = 4 });
        await transfer.UploadAsync(new TransferUtilityUploadRequest { BucketName = bucket, Key = "big.bin", FilePath = source, PartSize = 5 * 1024 * 1024 });
        var target = Path.Combine(dir, "target.bin");
        await transfer.DownloadAsync(new TransferUtilityDownloadRequest { BucketName = bucket, Key = "big.bin", FilePath = target });

        Assert.Equal(SHA256.HashData(data), SHA256.HashData(await File.ReadAllBytesAsync(target)));
        var meta = await s3.GetObjectMetadataAsync(bucket, "big.bin");
        Assert.EndsWith("-5\"", meta.ETag);
        var uploads = await s3.ListMultipartUploadsAsync(bucket);
        Assert.Empty(uploads.MultipartUploads ?? []);
        Directory.Delete(dir, true);
    }
}
