using Transporter.Testing;
using static Transporter.Worker.Tests.Copying.CopierTestKit;

namespace Transporter.Worker.Tests.Copying;

/// <summary>Large objects between two built-in stores in parallel S3 multipart parts.</summary>
[Collection(StoresCollection.Name)]
public sealed class ObjectCopierStoreMultipartTests(StoresFixture stores)
{
    [Fact]
    public async Task A_100_MiB_object_goes_in_parallel_parts_with_a_verified_composite_etag()
    {
        const long size = 100L * 1024 * 1024 + 999;
        var (source, sourceEndpoint) = await stores.NewBucketAsync(stores.First);
        var (destination, destinationEndpoint) = await stores.NewBucketAsync(stores.Second);
        var item = await PutAsync(source, "big.bin", size, seed: 13, template: RichRequest("", 0));
        var destinationSpy = new FaultInjectingObjectStore(destination);

        var report = await NewCopier(o => o.PartSize = 16L * 1024 * 1024)
            .CopyAsync(Context(source, sourceEndpoint, destinationSpy, destinationEndpoint), item, Ct);

        CopyAssert.Succeeded(report, "big.bin", size);
        Assert.Equal((1, 7), (destinationSpy.UploadsStarted, destinationSpy.PartsSent));
        Assert.EndsWith("-7", report.DestinationETag); // S3's md5-of-md5s, checked against the parts read
        Assert.Equal(GeneratedContent.Sha256(size, 13), await Sha256Async(destination, "big.bin"));
        CopyAssert.SameMetadata((await source.StatAsync("big.bin", Ct))!, (await destination.StatAsync("big.bin", Ct))!);
        CopyAssert.SameTags(await source.GetTagsAsync("big.bin", Ct), await destination.GetTagsAsync("big.bin", Ct));
        Assert.Equal(0, await stores.OpenUploadsAsync(stores.Second, destination.Bucket));
    }

    [Fact]
    public async Task Cancelling_mid_multipart_aborts_the_upload_so_no_parts_are_left()
    {
        var (source, sourceEndpoint) = await stores.NewBucketAsync(stores.First);
        var (destination, destinationEndpoint) = await stores.NewBucketAsync(stores.Second);
        var item = await PutAsync(source, "cancelled.bin", 40L * 1024 * 1024, seed: 17);
        using var cancel = new CancellationTokenSource();
        var spy = new FaultInjectingObjectStore(destination) { CancelDuringParts = (cancel, 12L * 1024 * 1024) };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            NewCopier(o => { o.MultipartThreshold = 8L * 1024 * 1024; o.PartSize = 5L * 1024 * 1024; })
                .CopyAsync(Context(source, sourceEndpoint, spy, destinationEndpoint), item, cancel.Token));

        Assert.Equal((1, 1), (spy.UploadsStarted, spy.UploadsAborted));
        Assert.Equal(0, await stores.OpenUploadsAsync(stores.Second, destination.Bucket));
        Assert.Null(await destination.StatAsync("cancelled.bin", Ct));
    }

    [Fact]
    public async Task A_part_broken_mid_stream_is_read_again_and_the_copy_matches()
    {
        var (source, sourceEndpoint) = await stores.NewBucketAsync(stores.First);
        var (destination, destinationEndpoint) = await stores.NewBucketAsync(stores.Second);
        const long size = 20L * 1024 * 1024;
        var item = await PutAsync(source, "parts.bin", size, seed: 19);
        var breaking = new FaultInjectingObjectStore(source) { BreakReadsAfter = 2L * 1024 * 1024, ReadBreaksLeft = 1 };

        var report = await NewCopier(o => { o.MultipartThreshold = 8L * 1024 * 1024; o.PartSize = 5L * 1024 * 1024; })
            .CopyAsync(Context(breaking, sourceEndpoint, destination, destinationEndpoint), item, Ct);

        CopyAssert.Succeeded(report, "parts.bin", size);
        Assert.Equal(5, breaking.Downloads); // 4 parts, one read twice
        Assert.EndsWith("-4", report.DestinationETag);
        Assert.Equal(GeneratedContent.Sha256(size, 19), await Sha256Async(destination, "parts.bin"));
        Assert.Equal(0, await stores.OpenUploadsAsync(stores.Second, destination.Bucket));
    }
}
