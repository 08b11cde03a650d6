using System.Security.Cryptography;
using Transporter.Store.Engine;
using Transporter.Store.Engine.Checksums;
using Transporter.Store.Engine.Model;

namespace Transporter.Store.Tests.Engine;

public class MultipartTests
{
    private const string Owner = TempEngine.Owner;
    private const string Bucket = TempEngine.Bucket;

    private static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static Task<UploadedPart> UploadAsync(StorageEngine engine, string uploadId, int number, byte[] data) =>
        engine.UploadPartAsync(Owner, Bucket, "big", uploadId, number, new MemoryStream(data), data.Length, WriteIntegrity.None, default);

    [Fact]
    public async Task Completed_upload_is_a_manifest_of_the_part_files_read_across_boundaries()
    {
        await using var store = await TempEngine.StartAsync();
        var engine = store.Engine;
        var write = new ObjectWrite { Headers = new ObjectHeaders { ContentType = "video/mp4", UserMetadata = [new("a", "b")] }, Tags = new TagSet([new("t", "1")]) };
        var upload = await engine.CreateMultipartUploadAsync(Owner, Bucket, "big", write, "user@x", null, ChecksumType.Composite, default);
        byte[][] parts = [Random(5 * 1024 * 1024, 1), Random(5 * 1024 * 1024 + 3, 2), Random(1000, 3)];
        var uploaded = new List<UploadedPart>();
        for (var i = 0; i < parts.Length; i++) uploaded.Add(await UploadAsync(engine, upload.UploadId, i + 1, parts[i]));
        await UploadAsync(engine, upload.UploadId, 7, Random(10, 9)); // uploaded but left out of the completion

        var listed = engine.ListParts(Owner, Bucket, "big", upload.UploadId, 0, 1000);
        Assert.Equal([1, 2, 3, 7], listed.Parts.Select(p => p.PartNumber));
        var filesBefore = store.BlobFiles().Count;

        var result = await engine.CompleteMultipartUploadAsync(Owner, Bucket, "big", upload.UploadId,
            uploaded.Select(p => new CompletedPart(p.PartNumber, $"\"{p.ETag}\"")).ToList(), default);

        var whole = parts.SelectMany(p => p).ToArray();
        var expectedETag = Convert.ToHexStringLower(MD5.HashData(parts.SelectMany(MD5.HashData).ToArray())) + "-3";
        Assert.Equal(expectedETag, result.ETag);
        Assert.Equal(whole.Length, result.Size);
        // No byte copied: the three part files are the object's files; only the unused part's file went away.
        Assert.Equal(filesBefore - 1, store.BlobFiles().Count);
        Assert.Equal(whole, await store.ReadAsync("big"));
        var boundary = 5 * 1024 * 1024;
        Assert.Equal(whole.AsSpan(boundary - 10, 20).ToArray(), await store.ReadAsync("big", boundary - 10, 20));
        Assert.Equal(whole.AsSpan(boundary - 1, boundary + 10).ToArray(), await store.ReadAsync("big", boundary - 1, boundary + 10));
        var info = engine.HeadObject(Owner, Bucket, "big");
        Assert.Equal(3, info.PartCount);
        Assert.Equal("video/mp4", info.Headers.ContentType);
        Assert.Equal(1, info.TagCount);
        Assert.Equal(StoreErrorCode.NoSuchUpload, Assert.Throws<StoreException>(() => engine.ListParts(Owner, Bucket, "big", upload.UploadId, 0, 10)).Code);

        // Overwriting the manifest object releases every part file.
        await store.PutAsync("big", "small");
        Assert.Empty(store.BlobFiles());
        Assert.Equal(1, store.InlineRows());
    }

    [Fact]
    public async Task Completion_checks_order_etags_and_part_sizes()
    {
        await using var store = await TempEngine.StartAsync();
        var engine = store.Engine;
        var upload = await engine.CreateMultipartUploadAsync(Owner, Bucket, "big", new ObjectWrite(), "u", null, ChecksumType.Composite, default);
        var p1 = await UploadAsync(engine, upload.UploadId, 1, Random(1024, 1));
        var p2 = await UploadAsync(engine, upload.UploadId, 2, Random(1024, 2));

        async Task<StoreErrorCode> Complete(params CompletedPart[] parts) =>
            (await Assert.ThrowsAsync<StoreException>(() => engine.CompleteMultipartUploadAsync(Owner, Bucket, "big", upload.UploadId, parts, default))).Code;

        Assert.Equal(StoreErrorCode.InvalidPartOrder, await Complete(new(2, p2.ETag), new(1, p1.ETag)));
        Assert.Equal(StoreErrorCode.InvalidPart, await Complete(new(1, p1.ETag), new(2, p1.ETag)));
        Assert.Equal(StoreErrorCode.InvalidPart, await Complete(new(1, p1.ETag), new(3, p2.ETag)));
        Assert.Equal(StoreErrorCode.EntityTooSmall, await Complete(new(1, p1.ETag), new(2, p2.ETag)));
        Assert.Equal(StoreErrorCode.MalformedXML, await Complete());

        // A single small part is fine (the last part may be small).
        var done = await engine.CompleteMultipartUploadAsync(Owner, Bucket, "big", upload.UploadId, [new(2, p2.ETag)], default);
        Assert.EndsWith("-1", done.ETag);
        Assert.Equal(Random(1024, 2), await store.ReadAsync("big"));
    }

    [Fact]
    public async Task Part_checksums_combine_into_full_object_and_composite_checksums()
    {
        await using var store = await TempEngine.StartAsync();
        var engine = store.Engine;
        byte[][] parts = [Random(5 * 1024 * 1024, 5), Random(777, 6)];
        var whole = parts.SelectMany(p => p).ToArray();

        foreach (var type in new[] { ChecksumType.FullObject, ChecksumType.Composite })
        {
            var upload = await engine.CreateMultipartUploadAsync(Owner, Bucket, "big", new ObjectWrite(), "u", ChecksumAlgorithm.Crc32C, type, default);
            var uploaded = new List<UploadedPart>();
            for (var i = 0; i < parts.Length; i++) uploaded.Add(await UploadAsync(engine, upload.UploadId, i + 1, parts[i]));
            var result = await engine.CompleteMultipartUploadAsync(Owner, Bucket, "big", upload.UploadId,
                uploaded.Select(p => new CompletedPart(p.PartNumber, p.ETag, p.Checksum!.Value)).ToList(), default);

            var expected = type == ChecksumType.FullObject
                ? Convert.ToBase64String(ChecksumCalculator.Compute(ChecksumAlgorithm.Crc32C, whole))
                : Convert.ToBase64String(ChecksumCalculator.Compute(ChecksumAlgorithm.Crc32C,
                    parts.SelectMany(p => ChecksumCalculator.Compute(ChecksumAlgorithm.Crc32C, p)).ToArray())) + "-2";
            Assert.Equal(expected, result.Checksum!.Value);
            Assert.Equal(type, engine.HeadObject(Owner, Bucket, "big").Checksum!.Type);
        }
    }

    [Fact]
    public async Task Upload_part_copy_takes_a_range_of_an_object()
    {
        await using var store = await TempEngine.StartAsync();
        var engine = store.Engine;
        var source = Random(100_000, 8);
        await store.PutAsync("src", source);
        var upload = await engine.CreateMultipartUploadAsync(Owner, Bucket, "big", new ObjectWrite(), "u", null, ChecksumType.Composite, default);

        UploadedPart part;
        using (var open = engine.OpenObject(Owner, Bucket, "src"))
            part = await engine.UploadPartCopyAsync(Owner, Bucket, "big", upload.UploadId, 1, open, 1000, 5000, default);
        await engine.CompleteMultipartUploadAsync(Owner, Bucket, "big", upload.UploadId, [new(1, part.ETag)], default);

        Assert.Equal(source.AsSpan(1000, 5000).ToArray(), await store.ReadAsync("big"));
    }
}
