using System.Security.Cryptography;
using Transporter.Connectors.Tests.Streams;
using Transporter.Core.Storage;

namespace Transporter.Connectors.Tests.Contract;

public abstract partial class ObjectStoreContractTests
{
    [Fact]
    public async Task Multipart_upload_with_parallel_parts_and_a_small_last_part()
    {
        if (!Store.Capabilities.MultipartUpload) return;
        var partSize = Math.Max(Store.Capabilities.MinPartSize, 256 * 1024);
        var sizes = new[] { partSize, partSize, partSize, 1234L };
        var total = sizes.Sum();
        const ulong seed = 42;
        var request = WithAllMetadata(new ObjectWriteRequest { Key = "multi/part.bin", Size = total }, []) with { ContentMd5 = null };

        await using var upload = await Store.StartMultipartAsync(request, Ct);
        var offsets = sizes.Select((_, i) => sizes.Take(i).Sum()).ToArray();
        // Started last part first: the parts' order comes from their numbers, not from when they arrive.
        var parts = await Task.WhenAll(Enumerable.Range(0, sizes.Length).Reverse().Select(i =>
            upload.UploadPartAsync(i + 1, PatternStream.Slice(seed, offsets[i], sizes[i]), sizes[i], Ct)));
        var result = await upload.CompleteAsync(parts.OrderBy(p => p.PartNumber).ToList(), Ct);

        Assert.False(string.IsNullOrEmpty(result.ETag));
        Assert.All(parts, p => Assert.Equal(sizes[p.PartNumber - 1], p.Size));
        var stat = await Store.StatAsync("multi/part.bin", Ct);
        Assert.Equal(total, stat!.Size);
        Assert.Equal(request.ContentType, stat.ContentType);
        Assert.Equal(request.UserMetadata.OrderBy(m => m.Key), stat.UserMetadata.OrderBy(m => m.Key));
        if (KeepsTags) Assert.Equal(request.Tags.OrderBy(t => t.Key), (await Store.GetTagsAsync("multi/part.bin", Ct)).OrderBy(t => t.Key));
        await using var download = await Store.OpenReadAsync("multi/part.bin", null, Ct);
        Assert.Equal(await SHA256.HashDataAsync(new PatternStream(total, seed)), await SHA256.HashDataAsync(download.Content));
    }

    [Fact]
    public async Task An_unfinished_upload_is_resumed_by_its_id_knowing_the_parts_it_holds()
    {
        if (!Store.Capabilities.ResumableUploads) return;
        var partSize = Math.Max(Store.Capabilities.MinPartSize, 256 * 1024);
        var sizes = new[] { partSize, partSize, partSize, 1234L };
        var offsets = sizes.Select((_, i) => sizes.Take(i).Sum()).ToArray();
        const ulong seed = 43;
        var request = new ObjectWriteRequest { Key = "multi/resumed.bin", Size = sizes.Sum(), ContentType = "application/x-resumed" };
        Task<UploadedPart> SendAsync(IMultipartUpload upload, int number) =>
            upload.UploadPartAsync(number, PatternStream.Slice(seed, offsets[number - 1], sizes[number - 1]), sizes[number - 1], Ct);

        // Parts 1 and 3 sent, then the upload left open (disposed, as by a worker that stopped).
        string uploadId;
        UploadedPart first, third;
        await using (var upload = await Store.StartMultipartAsync(request, Ct))
        {
            uploadId = upload.UploadId;
            (first, third) = (await SendAsync(upload, 1), await SendAsync(upload, 3));
        }
        await using var resumed = await Store.ResumeMultipartAsync(request, uploadId, Ct);
        var held = (await resumed.ListPartsAsync(Ct)).OrderBy(p => p.PartNumber).ToList();
        var (second, fourth) = (await SendAsync(resumed, 2), await SendAsync(resumed, 4));
        await resumed.CompleteAsync([first, second, third, fourth], Ct);

        Assert.Equal(uploadId, resumed.UploadId);
        Assert.Equal([(1, partSize), (3, partSize)], held.Select(p => (p.PartNumber, p.Size)));
        // Where the destination reports a part's checksum, it is the one it confirmed when the part was sent.
        Assert.All(held, p => Assert.True(p.ETag.Length == 0 || string.Equals(p.ETag, (p.PartNumber == 1 ? first : third).ETag, StringComparison.OrdinalIgnoreCase)));
        await using var download = await Store.OpenReadAsync(request.Key, null, Ct);
        Assert.Equal(await SHA256.HashDataAsync(new PatternStream(request.Size, seed)), await SHA256.HashDataAsync(download.Content));
        Assert.Equal(request.ContentType, download.Metadata.ContentType);
    }

    [Fact]
    public async Task CopyFrom_copies_inside_the_service_with_the_requested_metadata()
    {
        if (!Store.Capabilities.ServerSideCopy) return;
        var sourceEndpoint = await CreateBucketAsync(UniqueBucketName("source"));
        await using var source = Provider.Open(sourceEndpoint);
        var content = RandomBytes(70_000);
        await PutAsync("src/object.txt", content, r => WithAllMetadata(r, content), source);
        var sourceObject = (await source.StatAsync("src/object.txt", Ct))!;
        var request = WithAllMetadata(new ObjectWriteRequest { Key = "copied/object.txt", Size = content.Length }, content) with
        {
            UserMetadata = new Dictionary<string, string> { ["copied-by"] = "contract" },
        };

        Assert.True(Store.CanCopyFrom(source));
        Assert.False(Store.CanCopyFrom(Provider.Open(WithWrongCredentials(sourceEndpoint))));
        var result = await Store.CopyFromAsync(source, sourceObject, request, Ct);

        Assert.False(string.IsNullOrEmpty(result.ETag));
        Assert.Equal(content, await ReadAllAsync(Store, "copied/object.txt"));
        var stat = await Store.StatAsync("copied/object.txt", Ct);
        Assert.Equal(request.ContentType, stat!.ContentType);
        Assert.Equal(request.ContentDisposition, stat.ContentDisposition);
        Assert.Equal(request.Expires, stat.Expires);
        Assert.Equal(["copied-by"], stat.UserMetadata.Keys);
        if (KeepsTags) Assert.Equal(request.Tags.OrderBy(t => t.Key), (await Store.GetTagsAsync("copied/object.txt", Ct)).OrderBy(t => t.Key));
        Assert.NotNull(await source.StatAsync("src/object.txt", Ct));
    }
}
