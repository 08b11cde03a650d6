using Transporter.Testing;
using Transporter.Core.Storage;
using static Transporter.Worker.Tests.Copying.CopierTestKit;

namespace Transporter.Worker.Tests.Copying;

/// <summary>Successful copies between real Azurite containers: server-side inside one account, streamed across two.</summary>
[Collection(TwoAzuritesCollection.Name)]
public sealed class ObjectCopierAzureTests(TwoAzuritesFixture azurite)
{
    [Fact]
    public async Task Server_side_copy_inside_one_account_keeps_metadata_tags_and_headers()
    {
        var (source, sourceEndpoint) = await azurite.NewContainerAsync(azurite.First);
        var (destination, destinationEndpoint) = await azurite.NewContainerAsync(azurite.First);
        var item = await PutAsync(source, "docs/a.bin", 300_000, template: RichRequest("", 0));
        var sourceSpy = new FaultInjectingObjectStore(source);
        var destinationSpy = new FaultInjectingObjectStore(destination);

        var report = await NewCopier().CopyAsync(Context(sourceSpy, sourceEndpoint, destinationSpy, destinationEndpoint), item, Ct);

        CopyAssert.Succeeded(report, item.Key, 300_000);
        Assert.Equal((0, 1, 0), (sourceSpy.Downloads, sourceSpy.Stats, destinationSpy.Writes)); // no byte went through this process
        var original = (await source.StatAsync(item.Key, Ct))!;
        var copy = (await destination.StatAsync(item.Key, Ct))!;
        CopyAssert.SameMetadata(original, copy);
        CopyAssert.SameTags(await source.GetTagsAsync(item.Key, Ct), await destination.GetTagsAsync(item.Key, Ct));
        Assert.Equal(await Sha256Async(source, item.Key), await Sha256Async(destination, item.Key));
        Assert.Equal(original.ETag, report.SourceETag);
        Assert.Equal(copy.ETag, report.DestinationETag);
        Assert.True(report.TagsCopied && report.UserMetadataCopied && report.SystemMetadataCopied);
        Assert.Equal(source.Bucket, report.SourceBucket);
        Assert.Equal(destination.Bucket, report.DestinationBucket);
    }

    [Fact]
    public async Task Streamed_copy_between_two_accounts_keeps_every_field_and_reads_the_source_once()
    {
        var (source, sourceEndpoint) = await azurite.NewContainerAsync(azurite.First);
        var (destination, destinationEndpoint) = await azurite.NewContainerAsync(azurite.Second);
        var item = await PutAsync(source, "dir/sub/ü ñ.dat", 1_234_567, seed: 3, template: RichRequest("", 0));
        var sourceSpy = new FaultInjectingObjectStore(source);
        var destinationSpy = new FaultInjectingObjectStore(destination);

        var report = await NewCopier().CopyAsync(Context(sourceSpy, sourceEndpoint, destinationSpy, destinationEndpoint), item, Ct);

        CopyAssert.Succeeded(report, item.Key, 1_234_567);
        // The download brings the metadata: no stat, one read, one write.
        Assert.Equal((1, 0, 1), (sourceSpy.Downloads, sourceSpy.Stats, destinationSpy.Writes));
        var original = (await source.StatAsync(item.Key, Ct))!;
        var copy = (await destination.StatAsync(item.Key, Ct))!;
        CopyAssert.SameMetadata(original, copy);
        Assert.Equal(original.ContentMd5, copy.ContentMd5);
        Assert.Equal(original.ContentMd5, destinationSpy.LastRequest!.ContentMd5); // sent so the destination verifies
        CopyAssert.SameTags(await source.GetTagsAsync(item.Key, Ct), await destination.GetTagsAsync(item.Key, Ct));
        Assert.Equal(GeneratedContent.Sha256(1_234_567, 3), await Sha256Async(destination, item.Key));
        Assert.Equal(original.ETag, report.SourceETag);
        Assert.Equal(copy.ETag, report.DestinationETag);
        Assert.True(report.TagsCopied && report.UserMetadataCopied && report.SystemMetadataCopied);
        Assert.True(report.SseEnabled); // Azure encrypts every blob and says so
    }

    [Fact]
    public async Task An_object_without_tags_or_user_metadata_is_copied_without_asking_for_tags()
    {
        var (source, sourceEndpoint) = await azurite.NewContainerAsync(azurite.First);
        var (destination, destinationEndpoint) = await azurite.NewContainerAsync(azurite.Second);
        var item = await PutAsync(source, "plain.txt", 10);
        var tagReads = new FaultInjectingObjectStore(source);

        var report = await NewCopier().CopyAsync(Context(tagReads, sourceEndpoint, destination, destinationEndpoint), item, Ct);

        CopyAssert.Succeeded(report, item.Key, 10);
        Assert.Equal(0, tagReads.TagReads); // Azure reports the tag count with the download
        Assert.False(report.TagsCopied);
        Assert.False(report.UserMetadataCopied);
        Assert.Empty(await destination.GetTagsAsync(item.Key, Ct));
    }

    [Fact]
    public async Task An_empty_object_is_copied()
    {
        var (source, sourceEndpoint) = await azurite.NewContainerAsync(azurite.First);
        var (destination, destinationEndpoint) = await azurite.NewContainerAsync(azurite.Second);
        var item = await PutAsync(source, "empty", 0);

        var report = await NewCopier().CopyAsync(Context(source, sourceEndpoint, destination, destinationEndpoint), item, Ct);

        CopyAssert.Succeeded(report, "empty", 0);
        Assert.Equal(0, (await destination.StatAsync("empty", Ct))!.Size);
    }

    [Theory]
    [InlineData("azure-s3-cool", "Cool")]
    [InlineData("azure-s3-hot", "Hot")]
    public async Task The_destination_subtype_becomes_the_access_tier(string subtype, string tier)
    {
        var (source, sourceEndpoint) = await azurite.NewContainerAsync(azurite.First);
        var (destination, destinationEndpoint) = await azurite.NewContainerAsync(azurite.Second);
        var item = await PutAsync(source, "tiered", 1000);

        var report = await NewCopier().CopyAsync(
            Context(source, sourceEndpoint, destination, destinationEndpoint with { Subtype = subtype }), item, Ct);

        CopyAssert.Succeeded(report, "tiered", 1000);
        Assert.Equal(tier, (await destination.StatAsync("tiered", Ct))!.StorageClass);
    }

    [Fact]
    public async Task ForceSseS3_asks_the_destination_for_encryption_and_the_report_says_it_is_on()
    {
        var (source, sourceEndpoint) = await azurite.NewContainerAsync(azurite.First);
        var (destination, destinationEndpoint) = await azurite.NewContainerAsync(azurite.Second);
        var item = await PutAsync(source, "secret", 1000);
        var spy = new FaultInjectingObjectStore(destination);

        var report = await NewCopier().CopyAsync(
            Context(source, sourceEndpoint, spy, destinationEndpoint with { ForceSseS3 = true }), item, Ct);

        CopyAssert.Succeeded(report, "secret", 1000);
        Assert.True(spy.LastRequest!.ServerSideEncryption);
        Assert.True(report.SseEnabled);
        Assert.True((await destination.StatAsync("secret", Ct))!.ServerSideEncrypted);
    }

    [Fact]
    public async Task DeleteAfterUpload_removes_the_source_once_the_copy_is_verified()
    {
        var (source, sourceEndpoint) = await azurite.NewContainerAsync(azurite.First);
        var (destination, destinationEndpoint) = await azurite.NewContainerAsync(azurite.Second);
        var item = await PutAsync(source, "move-me", 5000);

        var report = await NewCopier().CopyAsync(Context(source, sourceEndpoint, destination, destinationEndpoint, deleteAfterUpload: true), item, Ct);

        CopyAssert.Succeeded(report, "move-me", 5000);
        Assert.Null(await source.StatAsync("move-me", Ct));
        Assert.Equal(GeneratedContent.Sha256(5000, 1), await Sha256Async(destination, "move-me"));
    }

    [Fact]
    public async Task DeleteAfterUpload_keeps_an_object_copied_server_side_onto_itself()
    {
        var (store, endpoint) = await azurite.NewContainerAsync(azurite.First);
        var item = await PutAsync(store, "self", 100, template: RichRequest("", 0));

        var report = await NewCopier().CopyAsync(Context(store, endpoint, store, endpoint, deleteAfterUpload: true), item, Ct);

        CopyAssert.Succeeded(report, "self", 100);
        Assert.Equal(GeneratedContent.Sha256(100, 1), await Sha256Async(store, "self"));
    }

    [Fact]
    public async Task Two_hundred_small_objects_copied_concurrently_all_arrive_intact()
    {
        var (source, sourceEndpoint) = await azurite.NewContainerAsync(azurite.First);
        var (destination, destinationEndpoint) = await azurite.NewContainerAsync(azurite.Second);
        var items = new ObjectSummary[200];
        await Parallel.ForEachAsync(Enumerable.Range(0, items.Length), new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, _) => items[i] = await PutAsync(source, $"small/{i:D4}", 4096, seed: (ulong)i));
        var copier = NewCopier();
        var context = Context(source, sourceEndpoint, destination, destinationEndpoint);

        var reports = await Task.WhenAll(items.Select(item => copier.CopyAsync(context, item, Ct)));

        Assert.All(reports, r => CopyAssert.Succeeded(r, r.ObjectKey, 4096));
        var copied = new List<ObjectSummary>();
        await foreach (var entry in destination.ListAsync("small/", null, Ct)) copied.Add(entry);
        Assert.Equal(items.Select(i => i.Key), copied.Select(c => c.Key));
        Assert.Equal(GeneratedContent.Sha256(4096, 123), await Sha256Async(destination, "small/0123"));
    }
}
