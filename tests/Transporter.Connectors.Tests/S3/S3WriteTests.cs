using Transporter.Connectors.Tests.Streams;
using System.Security.Cryptography;
using Amazon.S3.Model;
using Xunit.Abstractions;
using Transporter.Core.Storage;

namespace Transporter.Connectors.Tests.S3;

[Collection(S3StoreCollection.Name)]
public sealed class S3WriteTests(S3StoreFixture store, ITestOutputHelper output)
{
    private const int MiB = 1024 * 1024;
    private const ulong Seed = 7;

    [Fact]
    public async Task Write_streams_a_50_MiB_non_seekable_source_without_buffering_it()
    {
        var bucket = await store.CreateBucketAsync();
        await using var objects = store.Provider.Open(store.Endpoint(bucket));
        const long size = 50L * MiB;
        await objects.WriteAsync(new ObjectWriteRequest { Key = "warmup", Size = 1 }, new PatternStream(1, Seed), CancellationToken.None);

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var result = await objects.WriteAsync(new ObjectWriteRequest { Key = "big", Size = size }, new PatternStream(size, Seed), CancellationToken.None);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        output.WriteLine($"writing {size / MiB} MiB took {stopwatch.ElapsedMilliseconds} ms and allocated {allocated / 1024} KiB");
        var md5 = MD5.HashData(new PatternStream(size, Seed));
        Assert.Equal(Convert.ToBase64String(md5), result.ContentMd5);
        Assert.Equal(Convert.ToHexStringLower(md5), result.ETag);
        // Buffering the object would allocate at least its 50 MiB; streaming allocates a few buffers.
        Assert.True(allocated < 8L * MiB, $"writing 50 MiB allocated {allocated / MiB} MiB");
        using var stored = await store.Admin.GetObjectAsync(bucket, "big");
        Assert.Equal(size, stored.ContentLength);
        Assert.Equal(md5, await MD5.HashDataAsync(stored.ResponseStream));
    }

    [Fact]
    public async Task Write_sends_a_known_Content_MD5_and_a_wrong_one_is_an_integrity_error_that_stores_nothing()
    {
        var bucket = await store.CreateBucketAsync();
        await using var objects = store.Provider.Open(store.Endpoint(bucket));
        var content = RandomNumberGenerator.GetBytes(10_000);
        var md5 = Convert.ToBase64String(MD5.HashData(content));

        var ok = await objects.WriteAsync(new ObjectWriteRequest { Key = "ok", Size = content.Length, ContentMd5 = md5 },
            new MemoryStream(content), CancellationToken.None);
        Assert.Equal(md5, ok.ContentMd5);

        var wrong = Convert.ToBase64String(MD5.HashData("something else"u8));
        var error = await Assert.ThrowsAsync<ObjectStoreException>(() => objects.WriteAsync(
            new ObjectWriteRequest { Key = "bad", Size = content.Length, ContentMd5 = wrong }, new MemoryStream(content), CancellationToken.None));
        Assert.Equal(ObjectStoreErrorKind.IntegrityMismatch, error.Kind);
        Assert.Equal("BadDigest", error.ProviderCode);
        Assert.Null(await objects.StatAsync("bad", CancellationToken.None));
    }

    [Fact]
    public async Task Write_whose_source_fails_midway_surfaces_the_failure_without_retrying_and_stores_nothing()
    {
        var bucket = await store.CreateBucketAsync();
        await using var objects = store.Provider.Open(store.Endpoint(bucket));
        var source = new FailingSourceStream(new PatternStream(4 * MiB, Seed), failAfter: MiB);

        var error = await Assert.ThrowsAsync<ObjectStoreException>(() => objects.WriteAsync(
            new ObjectWriteRequest { Key = "partial", Size = 4 * MiB }, source, CancellationToken.None));

        Assert.Equal(ObjectStoreErrorKind.Transient, error.Kind); // the caller restarts the object from its source
        Assert.Equal("SourceReadFailed", error.ProviderCode);
        Assert.Contains("source failed after", error.Message);
        Assert.Null(await objects.StatAsync("partial", CancellationToken.None));
    }

    [Fact]
    public async Task Write_of_a_source_shorter_than_its_declared_size_is_an_integrity_error()
    {
        var bucket = await store.CreateBucketAsync();
        await using var objects = store.Provider.Open(store.Endpoint(bucket));

        var error = await Assert.ThrowsAsync<ObjectStoreException>(() => objects.WriteAsync(
            new ObjectWriteRequest { Key = "short", Size = 2 * MiB }, new PatternStream(MiB, Seed), CancellationToken.None));

        Assert.Equal(ObjectStoreErrorKind.IntegrityMismatch, error.Kind);
        Assert.Null(await objects.StatAsync("short", CancellationToken.None));
    }

    [Fact]
    public async Task Write_of_an_empty_object_and_with_a_storage_class_subtype()
    {
        var bucket = await store.CreateBucketAsync();
        await using var objects = store.Provider.Open(store.Endpoint(bucket, subtype: "aws-s3-standard"));

        var empty = await objects.WriteAsync(new ObjectWriteRequest { Key = "empty", Size = 0 }, Stream.Null, CancellationToken.None);
        Assert.Equal(Convert.ToBase64String(MD5.HashData(ReadOnlySpan<byte>.Empty)), empty.ContentMd5);
        Assert.Equal(0, (await objects.StatAsync("empty", CancellationToken.None))!.Size);
        Assert.Equal(Transporter.Connectors.S3.S3MetadataMapping.DefaultContentType, (await objects.StatAsync("empty", CancellationToken.None))!.ContentType);

        await objects.WriteAsync(new ObjectWriteRequest { Key = "classy", Size = 3, StorageClass = "aws-s3-standard" },
            new MemoryStream([1, 2, 3]), CancellationToken.None);
        var stat = await objects.StatAsync("classy", CancellationToken.None);
        Assert.True(stat!.StorageClass is null or "STANDARD", stat.StorageClass);

        var invalid = await Assert.ThrowsAsync<ObjectStoreException>(() => objects.WriteAsync(
            new ObjectWriteRequest { Key = "x", Size = 1, StorageClass = "azure-s3-cool" }, new MemoryStream([1]), CancellationToken.None));
        Assert.Equal(ObjectStoreErrorKind.InvalidRequest, invalid.Kind);
    }

    [Fact]
    public async Task Multipart_upload_sends_four_parts_in_parallel_and_verifies_the_composite_ETag()
    {
        var bucket = await store.CreateBucketAsync();
        await using var objects = store.Provider.Open(store.Endpoint(bucket));
        const long partSize = 5L * MiB;
        const long size = 3 * partSize + 1234;
        var request = new ObjectWriteRequest
        {
            Key = "multi/part.bin",
            Size = size,
            ContentType = "application/x-test",
            UserMetadata = new Dictionary<string, string> { ["origin"] = "multipart" },
            Tags = new Dictionary<string, string> { ["kind"] = "mpu" },
        };

        await using var upload = await objects.StartMultipartAsync(request, CancellationToken.None);
        var parts = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(async () =>
        {
            var first = i * partSize;
            var length = Math.Min(partSize, size - first);
            return await upload.UploadPartAsync(i + 1, PatternStream.Slice(Seed, first, length), length, CancellationToken.None);
        })));
        var result = await upload.CompleteAsync(parts.Reverse().ToList(), CancellationToken.None);

        Assert.All(parts, p => Assert.Equal(Convert.ToHexStringLower(Convert.FromBase64String(p.ContentMd5!)), p.ETag));
        Assert.EndsWith("-4", result.ETag);
        var stat = await objects.StatAsync("multi/part.bin", CancellationToken.None);
        Assert.Equal(size, stat!.Size);
        Assert.Equal("application/x-test", stat.ContentType);
        Assert.Equal("multipart", stat.UserMetadata["origin"]);
        Assert.Equal("mpu", (await objects.GetTagsAsync("multi/part.bin", CancellationToken.None))["kind"]);
        using var stored = await store.Admin.GetObjectAsync(bucket, "multi/part.bin");
        Assert.Equal(MD5.HashData(new PatternStream(size, Seed)), await MD5.HashDataAsync(stored.ResponseStream));
    }

    [Fact]
    public async Task Multipart_abort_discards_the_upload_and_is_idempotent()
    {
        var bucket = await store.CreateBucketAsync();
        await using var objects = store.Provider.Open(store.Endpoint(bucket));
        var upload = await objects.StartMultipartAsync(new ObjectWriteRequest { Key = "aborted", Size = 5 * MiB }, CancellationToken.None);
        await upload.UploadPartAsync(1, new PatternStream(5 * MiB, Seed), 5 * MiB, CancellationToken.None);

        await upload.AbortAsync(CancellationToken.None);
        await upload.AbortAsync(CancellationToken.None);
        await upload.DisposeAsync();

        Assert.Null(await objects.StatAsync("aborted", CancellationToken.None));
        var uploads = await store.Admin.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket });
        Assert.True(uploads.MultipartUploads is null or { Count: 0 });
    }

    [Fact]
    public async Task Disposing_an_unfinished_multipart_upload_leaves_it_open_until_it_is_aborted_by_its_id()
    {
        var bucket = await store.CreateBucketAsync();
        await using var objects = store.Provider.Open(store.Endpoint(bucket));
        var request = new ObjectWriteRequest { Key = "left", Size = 1 };
        string uploadId;

        await using (var upload = await objects.StartMultipartAsync(request, CancellationToken.None))
        {
            uploadId = upload.UploadId;
            await upload.UploadPartAsync(1, new MemoryStream([7]), 1, CancellationToken.None);
        }
        var open = await store.Admin.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket });
        var resumed = await objects.ResumeMultipartAsync(request, uploadId, CancellationToken.None);
        await resumed.AbortAsync(CancellationToken.None);

        Assert.Equal([uploadId], open.MultipartUploads.Select(u => u.UploadId));
        var uploads = await store.Admin.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket });
        Assert.True(uploads.MultipartUploads is null or { Count: 0 });
        var gone = await Assert.ThrowsAsync<ObjectStoreException>(() => resumed.ListPartsAsync(CancellationToken.None));
        Assert.Equal(ObjectStoreErrorKind.NotFound, gone.Kind);
    }

    [Fact]
    public async Task Delete_removes_an_object_and_ignores_a_missing_one()
    {
        var bucket = await store.CreateBucketAsync();
        await store.PutAsync(bucket, "doomed", [1]);
        await using var objects = store.Provider.Open(store.Endpoint(bucket));

        await objects.DeleteAsync("doomed", CancellationToken.None);
        await objects.DeleteAsync("doomed", CancellationToken.None);
        await objects.DeleteAsync("never-existed", CancellationToken.None);

        Assert.Null(await objects.StatAsync("doomed", CancellationToken.None));
    }
}
