using System.Net;
using Amazon.S3.Model;
using Amazon.S3;
using Transporter.Core.IO;
using Transporter.Testing;

namespace Transporter.Store.Tests.Peers;

/// <summary>kill -9 of the store in the middle of large uploads, then a restart on the same data.</summary>
public class CrashTests
{
    [Fact]
    public async Task Killing_the_store_during_large_puts_keeps_previous_content_and_it_restarts_cleanly()
    {
        await using var platform = await PlatformProcess.StartAsync(roles: "store");
        var storeDir = Path.Combine(platform.DataDir, "store");
        using var s3 = S3ClientFactory.For(platform);
        await s3.PutBucketAsync("crash");
        var original = System.Security.Cryptography.RandomNumberGenerator.GetBytes(1024 * 1024);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "crash", Key = "victim", InputStream = new MemoryStream(original) });
        var upload = await s3.InitiateMultipartUploadAsync("crash", "multi");
        var part = await s3.UploadPartAsync(new UploadPartRequest
        {
            BucketName = "crash", Key = "multi", UploadId = upload.UploadId, PartNumber = 1, InputStream = new MemoryStream(new byte[5 * 1024 * 1024]),
        });

        // Two big PUTs in flight: one replacing "victim", one creating "fresh".
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var puts = new[] { "victim", "fresh" }.Select(key => Task.Run(async () =>
        {
            var url = s3.GetPreSignedURL(new GetPreSignedUrlRequest
            {
                BucketName = "crash", Key = key, Verb = HttpVerb.PUT, Expires = DateTime.UtcNow.AddMinutes(10), Protocol = Amazon.S3.Protocol.HTTP,
            });
            var content = new StreamContent(new ZeroStream(2L * 1024 * 1024 * 1024));
            content.Headers.ContentLength = 2L * 1024 * 1024 * 1024;
            return await http.PutAsync(url, content);
        })).ToArray();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (TempBytes(storeDir) < 2 * 30 * 1024 * 1024 && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.True(TempBytes(storeDir) > 0, "the uploads never reached the store");

        await platform.KillAsync();
        foreach (var put in puts) await Assert.ThrowsAnyAsync<Exception>(() => put);
        Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(storeDir, "tmp"))); // what the crash left behind

        await platform.RestartAsync();

        using var get = await s3.GetObjectAsync("crash", "victim");
        var back = new MemoryStream();
        await get.ResponseStream.CopyToAsync(back);
        Assert.Equal(original, back.ToArray());
        var fresh = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.GetObjectMetadataAsync("crash", "fresh"));
        Assert.Equal(HttpStatusCode.NotFound, fresh.StatusCode);
        Assert.Equal(["victim"], (await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "crash" })).S3Objects.Select(o => o.Key));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(storeDir, "tmp")));
        // The multipart upload in progress survived and can still be completed.
        var parts = await s3.ListPartsAsync("crash", "multi", upload.UploadId);
        Assert.Equal([1], parts.Parts.Select(p => p.PartNumber ?? 0));
        await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = "crash", Key = "multi", UploadId = upload.UploadId, PartETags = [new PartETag(1, part.ETag)],
        });
        // Exactly the two objects' data files remain once the start-up sweep is done.
        deadline = DateTime.UtcNow.AddSeconds(30);
        while (BlobCount(storeDir) != 2 && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.Equal(2, BlobCount(storeDir));
        Assert.DoesNotContain("fail", platform.Output, StringComparison.OrdinalIgnoreCase);
    }

    private static long TempBytes(string storeDir) =>
        new DirectoryInfo(Path.Combine(storeDir, "tmp")).EnumerateFiles().Sum(f => f.Length);

    private static int BlobCount(string storeDir) =>
        Directory.EnumerateFiles(Path.Combine(storeDir, "blobs"), "*", SearchOption.AllDirectories).Count();

    /// <summary>Zeros produced on demand, so a 2 GiB body needs no memory.</summary>
    private sealed class ZeroStream(long length) : ReadOnlyStream
    {
        private long _position;

        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            Array.Clear(buffer, offset, n);
            _position += n;
            return n;
        }
    }
}
