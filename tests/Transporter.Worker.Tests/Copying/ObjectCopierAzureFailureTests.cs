using Transporter.Testing;
using Transporter.Core.Storage;
using static Transporter.Worker.Tests.Copying.CopierTestKit;

namespace Transporter.Worker.Tests.Copying;

/// <summary>Failures against real Azurite stores, with a fault injector where a real store cannot fail on demand.</summary>
[Collection(TwoAzuritesCollection.Name)]
public sealed class ObjectCopierAzureFailureTests(TwoAzuritesFixture azurite)
{
    [Fact]
    public async Task An_object_deleted_after_listing_fails_with_the_source_reading_error()
    {
        var (source, sourceEndpoint) = await azurite.NewContainerAsync(azurite.First);
        var (destination, destinationEndpoint) = await azurite.NewContainerAsync(azurite.Second);
        var item = await PutAsync(source, "gone", 100);
        await source.DeleteAsync("gone", Ct);

        var report = await NewCopier().CopyAsync(Context(source, sourceEndpoint, destination, destinationEndpoint), item, Ct);

        CopyAssert.FailedWith(report, r => r.SourceReadingErr, "BlobNotFound: ");
        Assert.Null(await destination.StatAsync("gone", Ct));
    }

    [Fact]
    public async Task An_object_deleted_after_listing_fails_the_server_side_copy_with_the_source_reading_error()
    {
        var (source, sourceEndpoint) = await azurite.NewContainerAsync(azurite.First);
        var (destination, destinationEndpoint) = await azurite.NewContainerAsync(azurite.First);
        var item = await PutAsync(source, "gone", 100);
        await source.DeleteAsync("gone", Ct);

        var report = await NewCopier().CopyAsync(Context(source, sourceEndpoint, destination, destinationEndpoint), item, Ct);

        CopyAssert.FailedWith(report, r => r.SourceReadingErr, "NotFound: ");
    }

    [Fact]
    public async Task A_missing_destination_container_fails_with_the_provider_code_and_keeps_the_source()
    {
        var (source, sourceEndpoint) = await azurite.NewContainerAsync(azurite.First);
        var missing = TwoAzuritesFixture.Endpoint(azurite.Second, "no-such-container");
        var item = await PutAsync(source, "keep-me", 100);

        var report = await NewCopier().CopyAsync(
            Context(source, sourceEndpoint, azurite.Provider.Open(missing), missing, deleteAfterUpload: true), item, Ct);

        CopyAssert.FailedWith(report, r => r.DestinationWritingErr, "ContainerNotFound: ");
        Assert.NotNull(await source.StatAsync("keep-me", Ct)); // not deleted: the copy failed
        Assert.Equal(item.ETag, report.SourceETag);
    }

    [Fact]
    public async Task A_wrong_destination_key_fails_with_the_provider_code()
    {
        var (source, sourceEndpoint) = await azurite.NewContainerAsync(azurite.First);
        var (_, destinationEndpoint) = await azurite.NewContainerAsync(azurite.Second);
        var wrongKey = destinationEndpoint with { SecretKey = Convert.ToBase64String(new byte[64]) };
        var item = await PutAsync(source, "k", 100);

        var report = await NewCopier().CopyAsync(Context(source, sourceEndpoint, azurite.Provider.Open(wrongKey), wrongKey), item, Ct);

        CopyAssert.FailedWith(report, r => r.DestinationWritingErr, "Authorization");
        Assert.Contains("Server failed to authenticate the request", report.DestinationWritingErr);
    }

    [Fact]
    public async Task A_corrupted_read_is_refused_by_a_destination_that_verifies_the_source_md5()
    {
        var (source, sourceEndpoint) = await azurite.NewContainerAsync(azurite.First);
        var (destination, destinationEndpoint) = await azurite.NewContainerAsync(azurite.Second);
        var item = await PutAsync(source, "rotten", 200_000);
        var corrupting = new FaultInjectingObjectStore(source) { CorruptByteAt = 150_000 };

        var report = await NewCopier().CopyAsync(Context(corrupting, sourceEndpoint, destination, destinationEndpoint), item, Ct);

        // Azure checks the Content-MD5 the copier sends (the source's) and refuses the bytes.
        CopyAssert.FailedWith(report, r => r.DestinationWritingErr, "IntegrityMismatch: Md5Mismatch: ");
        Assert.Null(await destination.StatAsync("rotten", Ct));
    }

    [Fact]
    public async Task A_corrupted_read_is_caught_by_the_copier_when_the_destination_does_not_verify()
    {
        var (source, sourceEndpoint) = await azurite.NewContainerAsync(azurite.First);
        var (destination, destinationEndpoint) = await azurite.NewContainerAsync(azurite.Second);
        var item = await PutAsync(source, "rotten", 200_000);
        var corrupting = new FaultInjectingObjectStore(source) { CorruptByteAt = 7 };
        var trusting = new FaultInjectingObjectStore(destination) { IgnoreContentMd5 = true };

        var report = await NewCopier().CopyAsync(Context(corrupting, sourceEndpoint, trusting, destinationEndpoint), item, Ct);

        CopyAssert.FailedWith(report, r => r.DestinationWritingErr, "IntegrityMismatch: ");
        Assert.Contains("the source says", report.DestinationWritingErr);
        Assert.Equal(1, trusting.Writes); // a corrupted read is not retried
        Assert.Null(await destination.StatAsync("rotten", Ct)); // the unverified copy was removed
    }

    [Fact]
    public async Task A_read_broken_mid_stream_restarts_from_the_source_and_succeeds()
    {
        var (source, sourceEndpoint) = await azurite.NewContainerAsync(azurite.First);
        var (destination, destinationEndpoint) = await azurite.NewContainerAsync(azurite.Second);
        var item = await PutAsync(source, "flaky", 600_000, seed: 9, template: RichRequest("", 0));
        var breaking = new FaultInjectingObjectStore(source) { BreakReadsAfter = 100_000, ReadBreaksLeft = 2 };

        var report = await NewCopier().CopyAsync(Context(breaking, sourceEndpoint, destination, destinationEndpoint), item, Ct);

        CopyAssert.Succeeded(report, "flaky", 600_000);
        Assert.Equal(3, breaking.Downloads);
        Assert.Equal(GeneratedContent.Sha256(600_000, 9), await Sha256Async(destination, "flaky"));
        Assert.True(report.TagsCopied);
    }

    [Fact]
    public async Task A_write_failing_mid_stream_restarts_from_the_source_and_succeeds()
    {
        var (source, sourceEndpoint) = await azurite.NewContainerAsync(azurite.First);
        var (destination, destinationEndpoint) = await azurite.NewContainerAsync(azurite.Second);
        var item = await PutAsync(source, "reset", 600_000, seed: 5);
        var failing = new FaultInjectingObjectStore(destination) { FailWritesAfter = 64 * 1024, WriteFailuresLeft = 1 };
        var sourceSpy = new FaultInjectingObjectStore(source);

        var report = await NewCopier().CopyAsync(Context(sourceSpy, sourceEndpoint, failing, destinationEndpoint), item, Ct);

        CopyAssert.Succeeded(report, "reset", 600_000);
        Assert.Equal((2, 2), (sourceSpy.Downloads, failing.Writes));
        Assert.Equal(GeneratedContent.Sha256(600_000, 5), await Sha256Async(destination, "reset"));
    }

    [Fact]
    public async Task A_write_that_keeps_failing_mid_stream_fails_after_three_attempts()
    {
        var (source, sourceEndpoint) = await azurite.NewContainerAsync(azurite.First);
        var (destination, destinationEndpoint) = await azurite.NewContainerAsync(azurite.Second);
        var item = await PutAsync(source, "doomed", 300_000);
        var failing = new FaultInjectingObjectStore(destination) { FailWritesAfter = 1000, WriteFailuresLeft = 10 };

        var report = await NewCopier().CopyAsync(Context(source, sourceEndpoint, failing, destinationEndpoint), item, Ct);

        CopyAssert.FailedWith(report, r => r.DestinationWritingErr, "InjectedFailure: the write failed after 1000 bytes");
        Assert.Equal(3, failing.Writes);
    }

    [Fact]
    public async Task A_failure_that_is_not_transient_fails_at_once()
    {
        var (source, sourceEndpoint) = await azurite.NewContainerAsync(azurite.First);
        var (destination, destinationEndpoint) = await azurite.NewContainerAsync(azurite.Second);
        var item = await PutAsync(source, "refused", 300_000);
        var refusing = new FaultInjectingObjectStore(destination)
            { FailWritesAfter = 1000, WriteFailuresLeft = 10, WriteFailureKind = ObjectStoreErrorKind.InvalidRequest };

        var report = await NewCopier().CopyAsync(Context(source, sourceEndpoint, refusing, destinationEndpoint), item, Ct);

        CopyAssert.FailedWith(report, r => r.DestinationWritingErr, "InjectedFailure: ");
        Assert.Equal(1, refusing.Writes);
    }

    [Fact]
    public async Task A_cancelled_copy_throws_and_reports_nothing()
    {
        var (source, sourceEndpoint) = await azurite.NewContainerAsync(azurite.First);
        var (destination, destinationEndpoint) = await azurite.NewContainerAsync(azurite.Second);
        var item = await PutAsync(source, "cancelled", 1000);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            NewCopier().CopyAsync(Context(source, sourceEndpoint, destination, destinationEndpoint), item, cancelled.Token));
        Assert.Null(await destination.StatAsync("cancelled", Ct));
    }
}
