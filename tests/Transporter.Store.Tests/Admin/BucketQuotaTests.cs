using System.Net;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using Transporter.Testing;

namespace Transporter.Store.Tests.Admin;

/// <summary>Quotas set through the admin API (UpdateBucket) and enforced by the store on PUT, copy and
/// CompleteMultipartUpload: 403 QuotaExceeded, nothing stored, the counts exact under 8 concurrent writers and after
/// deletes.</summary>
public class BucketQuotaTests(GarageAdminPlatform fixture) : IClassFixture<GarageAdminPlatform>
{
    [Fact]
    public async Task Max_objects_holds_exactly_under_eight_concurrent_writers_and_frees_up_after_deletes()
    {
        var (id, s3) = await BucketWithQuotasAsync("quota-objects", maxSize: null, maxObjects: 5);
        using var _ = s3;
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            var results = new List<string>();
            for (var i = 0; i < 3; i++) results.Add(await PutAsync(s3, "quota-objects", $"w{writer}/k{i}", "data"));
            return results;
        })));
        var all = outcomes.SelectMany(o => o).ToList();
        Assert.Equal(5, all.Count(o => o == "ok"));
        Assert.Equal(19, all.Count(o => o == "QuotaExceeded"));
        var listed = (await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "quota-objects" })).S3Objects ?? [];
        Assert.Equal(5, listed.Count);
        Assert.Equal((5, 20), await CountsAsync(id));

        // Overwriting a key adds no object; a new key is refused until one is deleted.
        Assert.Equal("ok", await PutAsync(s3, "quota-objects", listed[0].Key, "other"));
        Assert.Equal("QuotaExceeded", await PutAsync(s3, "quota-objects", "new-key", "x"));
        await s3.DeleteObjectAsync("quota-objects", listed[1].Key);
        await s3.DeleteObjectAsync("quota-objects", listed[2].Key);
        Assert.Equal((3, 13), await CountsAsync(id));
        Assert.Equal("ok", await PutAsync(s3, "quota-objects", "new-key", "x"));
        Assert.Equal("ok", await PutAsync(s3, "quota-objects", "new-key-2", "x"));
        Assert.Equal("QuotaExceeded", await PutAsync(s3, "quota-objects", "new-key-3", "x"));
        Assert.Equal((5, 15), await CountsAsync(id));

        // Removing the quotas lifts the limit.
        await fixture.SendAsync(HttpMethod.Put, $"/v0/bucket?id={id}", new { quotas = new { maxSize = (long?)null, maxObjects = (long?)null } });
        Assert.Equal("ok", await PutAsync(s3, "quota-objects", "new-key-3", "x"));
    }

    [Fact]
    public async Task Max_size_holds_on_concurrent_puts_copies_and_multipart_completion_with_an_s3_error()
    {
        var (id, s3) = await BucketWithQuotasAsync("quota-bytes", maxSize: 1000, maxObjects: null);
        using var _ = s3;
        var body = new string('x', 300);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(() => PutAsync(s3, "quota-bytes", $"obj-{writer}", body))));
        Assert.Equal(3, outcomes.Count(o => o == "ok"));
        Assert.Equal((3, 900), await CountsAsync(id));

        var stored = outcomes.Select((o, i) => (o, i)).Where(p => p.o == "ok").Select(p => $"obj-{p.i}").ToList();
        var refusedCopy = await Assert.ThrowsAsync<AmazonS3Exception>(() =>
            s3.CopyObjectAsync("quota-bytes", stored[0], "quota-bytes", "copy"));
        Assert.Equal(("QuotaExceeded", HttpStatusCode.Forbidden), (refusedCopy.ErrorCode, refusedCopy.StatusCode));
        Assert.Equal((3, 900), await CountsAsync(id));
        await s3.DeleteObjectAsync("quota-bytes", stored[1]);
        await s3.CopyObjectAsync("quota-bytes", stored[0], "quota-bytes", "copy");
        Assert.Equal((3, 900), await CountsAsync(id));

        // A multipart upload whose parts fit nowhere: completion refused, the upload left as it was (abortable).
        await fixture.SendAsync(HttpMethod.Put, $"/v0/bucket?id={id}", new { quotas = new { maxSize = 6 * 1024 * 1024, maxObjects = (long?)null } });
        var upload = await s3.InitiateMultipartUploadAsync("quota-bytes", "big");
        var parts = new List<PartETag>();
        for (var part = 1; part <= 2; part++)
        {
            using var content = new MemoryStream(new byte[5 * 1024 * 1024]);
            var uploaded = await s3.UploadPartAsync(new UploadPartRequest
            {
                BucketName = "quota-bytes", Key = "big", UploadId = upload.UploadId, PartNumber = part, InputStream = content,
            });
            parts.Add(new PartETag(part, uploaded.ETag));
        }
        var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = "quota-bytes", Key = "big", UploadId = upload.UploadId, PartETags = parts,
        }));
        Assert.Equal(("QuotaExceeded", HttpStatusCode.Forbidden), (refused.ErrorCode, refused.StatusCode));
        Assert.Equal((3, 900), await CountsAsync(id));
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.GetObjectMetadataAsync("quota-bytes", "big"))).StatusCode);
        Assert.Equal(2, (await s3.ListPartsAsync("quota-bytes", "big", upload.UploadId)).Parts.Count);
        await s3.AbortMultipartUploadAsync("quota-bytes", "big", upload.UploadId);
    }

    private async Task<(string Id, AmazonS3Client S3)> BucketWithQuotasAsync(string name, long? maxSize, long? maxObjects)
    {
        var (created, bucket) = await fixture.SendAsync(HttpMethod.Post, "/v0/bucket", new { globalAlias = name });
        Assert.Equal(HttpStatusCode.OK, created);
        var id = bucket.GetProperty("id").GetString()!;
        var (updated, info) = await fixture.SendAsync(HttpMethod.Put, $"/v0/bucket?id={id}", new { quotas = new { maxSize, maxObjects } });
        Assert.Equal(HttpStatusCode.OK, updated);
        Assert.Equal(maxObjects, info.GetProperty("quotas").GetProperty("maxObjects").ValueKind == JsonValueKind.Null
            ? null : info.GetProperty("quotas").GetProperty("maxObjects").GetInt64());
        return (id, S3ClientFactory.For(fixture.Platform));
    }

    private async Task<(long Objects, long Bytes)> CountsAsync(string id)
    {
        var (_, info) = await fixture.SendAsync(HttpMethod.Get, $"/v0/bucket?id={id}");
        return (info.GetProperty("objects").GetInt64(), info.GetProperty("bytes").GetInt64());
    }

    /// <summary>"ok", or the S3 error code of the refusal (a 403 for QuotaExceeded, checked here).</summary>
    private static async Task<string> PutAsync(AmazonS3Client s3, string bucket, string key, string body)
    {
        try
        {
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = body });
            return "ok";
        }
        catch (AmazonS3Exception e)
        {
            if (e.ErrorCode == "QuotaExceeded") Assert.Equal(HttpStatusCode.Forbidden, e.StatusCode);
            return e.ErrorCode;
        }
    }
}
