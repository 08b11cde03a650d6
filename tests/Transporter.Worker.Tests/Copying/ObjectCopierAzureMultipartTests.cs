using Transporter.Testing;
using static Transporter.Worker.Tests.Copying.CopierTestKit;

namespace Transporter.Worker.Tests.Copying;

/// <summary>Large objects streamed between two Azurite accounts in parallel parts (Put Block / Put Block List).</summary>
[Collection(TwoAzuritesCollection.Name)]
public sealed class ObjectCopierAzureMultipartTests(TwoAzuritesFixture azurite)
{
    private const long Size = 100L * 1024 * 1024 + 12345;
    private const long PartSize = 16L * 1024 * 1024;
    private const int Parts = 7;

    [Fact]
    public async Task A_100_MiB_object_goes_in_parallel_parts_and_its_copy_has_the_same_sha256()
    {
        var (source, sourceEndpoint) = await azurite.NewContainerAsync(azurite.First);
        var (destination, destinationEndpoint) = await azurite.NewContainerAsync(azurite.Second);
        var item = await PutAsync(source, "big/100MiB.bin", Size, seed: 11, template: RichRequest("", 0));
        var sourceSpy = new FaultInjectingObjectStore(source);
        var destinationSpy = new FaultInjectingObjectStore(destination);

        var report = await NewCopier(o => o.PartSize = PartSize)
            .CopyAsync(Context(sourceSpy, sourceEndpoint, destinationSpy, destinationEndpoint), item, Ct);

        CopyAssert.Succeeded(report, item.Key, Size);
        Assert.Equal((1, Parts, 0), (destinationSpy.UploadsStarted, destinationSpy.PartsSent, destinationSpy.Writes));
        Assert.Equal(Parts, sourceSpy.Downloads); // one ranged read per part, the first also brought the metadata
        Assert.Equal(0, sourceSpy.Stats);
        Assert.Equal(GeneratedContent.Sha256(Size, 11), await Sha256Async(destination, item.Key));
        var original = (await source.StatAsync(item.Key, Ct))!;
        var copy = (await destination.StatAsync(item.Key, Ct))!;
        CopyAssert.SameMetadata(original, copy);
        CopyAssert.SameTags(await source.GetTagsAsync(item.Key, Ct), await destination.GetTagsAsync(item.Key, Ct));
        Assert.True(report.TagsCopied && report.UserMetadataCopied && report.SystemMetadataCopied);
    }

    [Fact]
    public async Task A_part_failing_mid_stream_is_sent_again_from_the_source()
    {
        var (source, sourceEndpoint) = await azurite.NewContainerAsync(azurite.First);
        var (destination, destinationEndpoint) = await azurite.NewContainerAsync(azurite.Second);
        const long size = 5L * 1024 * 1024;
        var item = await PutAsync(source, "parts", size, seed: 4);
        var sourceSpy = new FaultInjectingObjectStore(source);
        var failing = new FaultInjectingObjectStore(destination) { FailWritesAfter = 300_000, WriteFailuresLeft = 1 };

        var report = await NewCopier(o => { o.MultipartThreshold = 1024 * 1024; o.PartSize = 1024 * 1024; })
            .CopyAsync(Context(sourceSpy, sourceEndpoint, failing, destinationEndpoint), item, Ct);

        CopyAssert.Succeeded(report, "parts", size);
        Assert.Equal((1, 6, 6), (failing.UploadsStarted, failing.PartsSent, sourceSpy.Downloads)); // 5 parts, one twice
        Assert.Equal(0, failing.UploadsAborted);
        Assert.Equal(GeneratedContent.Sha256(size, 4), await Sha256Async(destination, "parts"));
    }

    [Fact]
    public async Task A_part_failing_for_good_aborts_the_upload_and_fails_the_object()
    {
        var (source, sourceEndpoint) = await azurite.NewContainerAsync(azurite.First);
        var (destination, destinationEndpoint) = await azurite.NewContainerAsync(azurite.Second);
        var item = await PutAsync(source, "parts", 5L * 1024 * 1024);
        var failing = new FaultInjectingObjectStore(destination) { FailWritesAfter = 1000, WriteFailuresLeft = 100 };

        var report = await NewCopier(o => { o.MultipartThreshold = 1024 * 1024; o.PartSize = 1024 * 1024; })
            .CopyAsync(Context(source, sourceEndpoint, failing, destinationEndpoint), item, Ct);

        CopyAssert.FailedWith(report, r => r.DestinationWritingErr, "InjectedFailure: ");
        Assert.Equal((1, 1), (failing.UploadsStarted, failing.UploadsAborted)); // the part's three attempts were the object's
        Assert.Null(await destination.StatAsync("parts", Ct));
    }

    [Fact]
    public async Task Cancelling_mid_multipart_aborts_the_upload_and_throws()
    {
        var (source, sourceEndpoint) = await azurite.NewContainerAsync(azurite.First);
        var (destination, destinationEndpoint) = await azurite.NewContainerAsync(azurite.Second);
        var item = await PutAsync(source, "cancel-me", 8L * 1024 * 1024);
        using var cancel = new CancellationTokenSource();
        var spy = new FaultInjectingObjectStore(destination) { CancelDuringParts = (cancel, 3L * 1024 * 1024) };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            NewCopier(o => { o.MultipartThreshold = 1024 * 1024; o.PartSize = 1024 * 1024; o.PartsInFlight = 2; })
                .CopyAsync(Context(source, sourceEndpoint, spy, destinationEndpoint), item, cancel.Token));

        Assert.Equal((1, 1), (spy.UploadsStarted, spy.UploadsAborted));
        Assert.True(spy.PartsSent < 8, $"{spy.PartsSent} parts were started after the cancellation");
        Assert.Null(await destination.StatAsync("cancel-me", Ct)); // nothing committed
    }
}
