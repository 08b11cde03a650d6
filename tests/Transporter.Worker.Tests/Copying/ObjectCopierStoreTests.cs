using Transporter.Testing;
using Transporter.Core.Endpoints;
using static Transporter.Worker.Tests.Copying.CopierTestKit;

namespace Transporter.Worker.Tests.Copying;

/// <summary>Copies between built-in S3 stores over the S3 provider, and between a store and Azurite.</summary>
[Collection(StoresCollection.Name)]
public sealed class ObjectCopierStoreTests(StoresFixture stores)
{
    [Fact]
    public async Task Streamed_copy_between_two_stores_keeps_every_field()
    {
        var (source, sourceEndpoint) = await stores.NewBucketAsync(stores.First);
        var (destination, destinationEndpoint) = await stores.NewBucketAsync(stores.Second);
        var item = await PutAsync(source, "a/b/c.bin", 777_777, seed: 21, template: RichRequest("", 0));
        var sourceSpy = new FaultInjectingObjectStore(source);
        var destinationSpy = new FaultInjectingObjectStore(destination);

        var report = await NewCopier().CopyAsync(Context(sourceSpy, sourceEndpoint, destinationSpy, destinationEndpoint), item, Ct);

        CopyAssert.Succeeded(report, item.Key, 777_777);
        Assert.Equal((1, 0, 1, 1), (sourceSpy.Downloads, sourceSpy.Stats, sourceSpy.TagReads, destinationSpy.Writes));
        var original = (await source.StatAsync(item.Key, Ct))!;
        var copy = (await destination.StatAsync(item.Key, Ct))!;
        CopyAssert.SameMetadata(original, copy);
        CopyAssert.SameTags(await source.GetTagsAsync(item.Key, Ct), await destination.GetTagsAsync(item.Key, Ct));
        Assert.Equal(GeneratedContent.Sha256(777_777, 21), await Sha256Async(destination, item.Key));
        // Single-part S3 ETags are the MD5: the same content has the same ETag on both sides.
        Assert.Equal(original.ETag, copy.ETag);
        Assert.Equal((original.ETag, copy.ETag), (report.SourceETag, report.DestinationETag));
        Assert.Equal(original.ContentMd5, destinationSpy.LastRequest!.ContentMd5);
        Assert.True(report.TagsCopied && report.UserMetadataCopied && report.SystemMetadataCopied);
    }

    [Fact]
    public async Task Buckets_of_one_store_with_the_same_credentials_copy_server_side()
    {
        var (source, sourceEndpoint) = await stores.NewBucketAsync(stores.First);
        var (destination, destinationEndpoint) = await stores.NewBucketAsync(stores.First);
        var item = await PutAsync(source, "server-side", 2_000_000, seed: 8, template: RichRequest("", 0));
        var sourceSpy = new FaultInjectingObjectStore(source);
        var destinationSpy = new FaultInjectingObjectStore(destination);

        var report = await NewCopier().CopyAsync(Context(sourceSpy, sourceEndpoint, destinationSpy, destinationEndpoint), item, Ct);

        CopyAssert.Succeeded(report, item.Key, 2_000_000);
        Assert.Equal((0, 1, 0), (sourceSpy.Downloads, sourceSpy.Stats, destinationSpy.Writes));
        var original = (await source.StatAsync(item.Key, Ct))!;
        var copy = (await destination.StatAsync(item.Key, Ct))!;
        CopyAssert.SameMetadata(original, copy);
        CopyAssert.SameTags(await source.GetTagsAsync(item.Key, Ct), await destination.GetTagsAsync(item.Key, Ct));
        Assert.Equal(GeneratedContent.Sha256(2_000_000, 8), await Sha256Async(destination, item.Key));
        Assert.Equal(original.ETag, report.DestinationETag);
    }

    [Fact]
    public async Task A_store_object_goes_to_Azurite_and_back_with_its_metadata_and_tags()
    {
        var (store, storeEndpoint) = await stores.NewBucketAsync(stores.First);
        var (azure, azureEndpoint) = await stores.NewContainerAsync();
        var (back, backEndpoint) = await stores.NewBucketAsync(stores.Second);
        var item = await PutAsync(store, "round/trip.txt", 50_000, seed: 2, template: RichRequest("", 0));
        var copier = NewCopier();

        var there = await copier.CopyAsync(Context(store, storeEndpoint, azure, azureEndpoint), item, Ct);
        var again = await copier.CopyAsync(Context(azure, azureEndpoint, back, backEndpoint), await SummaryAsync(azure, item.Key), Ct);

        CopyAssert.Succeeded(there, item.Key, 50_000);
        CopyAssert.Succeeded(again, item.Key, 50_000);
        var original = (await store.StatAsync(item.Key, Ct))!;
        CopyAssert.SameMetadata(original, (await azure.StatAsync(item.Key, Ct))!);
        CopyAssert.SameMetadata(original, (await back.StatAsync(item.Key, Ct))!);
        CopyAssert.SameTags(await store.GetTagsAsync(item.Key, Ct), await back.GetTagsAsync(item.Key, Ct));
        Assert.Equal(original.ETag, (await back.StatAsync(item.Key, Ct))!.ETag);
        Assert.True(again.TagsCopied && again.UserMetadataCopied && again.SystemMetadataCopied);
    }

    [Fact]
    public async Task The_destination_subtype_becomes_the_storage_class_asked_for()
    {
        var (source, sourceEndpoint) = await stores.NewBucketAsync(stores.First);
        var (destination, destinationEndpoint) = await stores.NewBucketAsync(stores.Second);
        var item = await PutAsync(source, "cold", 1000);
        var spy = new FaultInjectingObjectStore(destination);

        var report = await NewCopier().CopyAsync(
            Context(source, sourceEndpoint, spy, destinationEndpoint with { Subtype = "aws-s3-standard-infrequent-access" }), item, Ct);

        // The provider sends x-amz-storage-class STANDARD_IA; the built-in store accepts it and keeps one class.
        CopyAssert.Succeeded(report, "cold", 1000);
        Assert.Equal("aws-s3-standard-infrequent-access", spy.LastRequest!.StorageClass);
    }

    [Fact]
    public async Task A_lyve_destination_reports_its_refusal_in_lyveWritingErr()
    {
        var (source, sourceEndpoint) = await stores.NewBucketAsync(stores.First);
        var lyve = StoresFixture.Endpoint(stores.Second, "no-such-bucket", EndpointType.Lyve);
        var item = await PutAsync(source, "to-lyve", 1000);

        var report = await NewCopier().CopyAsync(Context(source, sourceEndpoint, stores.S3.Open(lyve), lyve), item, Ct);

        CopyAssert.FailedWith(report, r => r.LyveWritingErr, "NoSuchBucket: ");
        Assert.Equal("", report.DestinationWritingErr);
    }

    [Fact]
    public async Task A_missing_destination_bucket_and_a_wrong_secret_fail_with_the_provider_codes()
    {
        var (source, sourceEndpoint) = await stores.NewBucketAsync(stores.First);
        var (_, destinationEndpoint) = await stores.NewBucketAsync(stores.Second);
        var missing = destinationEndpoint with { Bucket = "no-such-bucket" };
        var wrongSecret = destinationEndpoint with { SecretKey = "not-the-secret-key-0000000000000000000000" };
        var item = await PutAsync(source, "refused", 1000);
        var copier = NewCopier();

        var noBucket = await copier.CopyAsync(Context(source, sourceEndpoint, stores.S3.Open(missing), missing), item, Ct);
        var badSecret = await copier.CopyAsync(Context(source, sourceEndpoint, stores.S3.Open(wrongSecret), wrongSecret), item, Ct);

        CopyAssert.FailedWith(noBucket, r => r.DestinationWritingErr, "NoSuchBucket: ");
        CopyAssert.FailedWith(badSecret, r => r.DestinationWritingErr, "SignatureDoesNotMatch: ");
    }

    [Fact]
    public async Task An_object_deleted_after_listing_fails_with_NoSuchKey_in_sourceReadingErr()
    {
        var (source, sourceEndpoint) = await stores.NewBucketAsync(stores.First);
        var (destination, destinationEndpoint) = await stores.NewBucketAsync(stores.Second);
        var item = await PutAsync(source, "vanished", 1000);
        await source.DeleteAsync("vanished", Ct);

        var report = await NewCopier().CopyAsync(Context(source, sourceEndpoint, destination, destinationEndpoint), item, Ct);

        CopyAssert.FailedWith(report, r => r.SourceReadingErr, "NoSuchKey: ");
    }

    [Fact]
    public async Task A_corrupted_read_is_refused_by_the_store_that_checks_the_source_md5()
    {
        var (source, sourceEndpoint) = await stores.NewBucketAsync(stores.First);
        var (destination, destinationEndpoint) = await stores.NewBucketAsync(stores.Second);
        var item = await PutAsync(source, "rotten", 100_000);
        var corrupting = new FaultInjectingObjectStore(source) { CorruptByteAt = 99_999 };

        var report = await NewCopier().CopyAsync(Context(corrupting, sourceEndpoint, destination, destinationEndpoint), item, Ct);

        CopyAssert.FailedWith(report, r => r.DestinationWritingErr, "IntegrityMismatch: ");
        Assert.Null(await destination.StatAsync("rotten", Ct));
    }

    [Fact]
    public async Task A_transient_failure_mid_stream_restarts_the_copy_and_it_succeeds()
    {
        var (source, sourceEndpoint) = await stores.NewBucketAsync(stores.First);
        var (destination, destinationEndpoint) = await stores.NewBucketAsync(stores.Second);
        var item = await PutAsync(source, "flaky", 400_000, seed: 6);
        var breaking = new FaultInjectingObjectStore(source) { BreakReadsAfter = 150_000, ReadBreaksLeft = 1 };
        var failing = new FaultInjectingObjectStore(destination) { FailWritesAfter = 10_000, WriteFailuresLeft = 1 };

        var report = await NewCopier().CopyAsync(Context(breaking, sourceEndpoint, failing, destinationEndpoint), item, Ct);

        CopyAssert.Succeeded(report, "flaky", 400_000);
        Assert.Equal((3, 3), (breaking.Downloads, failing.Writes)); // the write failed, then the read, then it went through
        Assert.Equal(GeneratedContent.Sha256(400_000, 6), await Sha256Async(destination, "flaky"));
    }

    [Fact]
    public async Task DeleteAfterUpload_moves_the_object_and_a_failed_copy_keeps_it()
    {
        var (source, sourceEndpoint) = await stores.NewBucketAsync(stores.First);
        var (destination, destinationEndpoint) = await stores.NewBucketAsync(stores.Second);
        var moved = await PutAsync(source, "moved", 1000);
        var kept = await PutAsync(source, "kept", 1000);
        var missing = destinationEndpoint with { Bucket = "no-such-bucket" };
        var copier = NewCopier();

        var success = await copier.CopyAsync(Context(source, sourceEndpoint, destination, destinationEndpoint, deleteAfterUpload: true), moved, Ct);
        var failure = await copier.CopyAsync(Context(source, sourceEndpoint, stores.S3.Open(missing), missing, deleteAfterUpload: true), kept, Ct);

        CopyAssert.Succeeded(success, "moved", 1000);
        Assert.Null(await source.StatAsync("moved", Ct));
        Assert.NotNull(await destination.StatAsync("moved", Ct));
        CopyAssert.FailedWith(failure, r => r.DestinationWritingErr, "NoSuchBucket: ");
        Assert.NotNull(await source.StatAsync("kept", Ct));
    }

    [Fact]
    public async Task A_source_delete_that_fails_is_reported_with_the_copy_that_succeeded()
    {
        var (source, sourceEndpoint) = await stores.NewBucketAsync(stores.First);
        var (destination, destinationEndpoint) = await stores.NewBucketAsync(stores.Second);
        var item = await PutAsync(source, "stays", 1000, template: RichRequest("", 0));
        // Reads go with the owner's key; deletes go to the same bucket with a wrong secret, which the store refuses.
        var wrongSecret = sourceEndpoint with { SecretKey = "wrong-secret-for-delete-000000000000000000" };
        var deletingWithWrongKey = new FaultInjectingObjectStore(source) { DeleteThrough = stores.S3.Open(wrongSecret) };

        var report = await NewCopier().CopyAsync(
            Context(deletingWithWrongKey, sourceEndpoint, destination, destinationEndpoint, deleteAfterUpload: true), item, Ct);

        Assert.False(report.Succeeded);
        Assert.Contains("SignatureDoesNotMatch: ", report.SourceDeleteErr);
        Assert.Equal(("", "", ""), (report.SourceReadingErr, report.DestinationWritingErr, report.LyveWritingErr));
        Assert.Equal(1000, report.BytesCopied); // the object was copied
        Assert.True(report.TagsCopied && report.UserMetadataCopied);
        Assert.NotEqual("", report.DestinationETag);
        Assert.NotNull(await source.StatAsync("stays", Ct));
        Assert.NotNull(await destination.StatAsync("stays", Ct));
    }
}
