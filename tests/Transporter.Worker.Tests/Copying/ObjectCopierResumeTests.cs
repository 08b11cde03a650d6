using Transporter.Testing;
using Transporter.Core.Endpoints;
using Transporter.Core.Storage;
using static Transporter.Worker.Tests.Copying.CopierTestKit;

namespace Transporter.Worker.Tests.Copying;

/// <summary>
/// Part-level resume: a multipart copy checkpoints its upload and each part the destination confirmed (in a real SQLite
/// migration database); cancelled at about 70 % (as a worker stopping mid-copy), it leaves the upload open, and the next
/// copy of the object in the run sends only the parts the destination lacks, re-verifying those it holds. Over the
/// built-in store (S3) and Azurite. The FaultInjectingObjectStore test double counts the part bytes each attempt sent.
/// </summary>
[Collection(StoresCollection.Name)]
public sealed class ObjectCopierResumeTests(StoresFixture stores)
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public async Task A_multipart_copy_to_S3_cancelled_at_70_percent_resumes_and_sends_at_most_40_percent_again()
    {
        var (source, sourceEndpoint) = await stores.NewBucketAsync(stores.First);
        var (destination, destinationEndpoint) = await stores.NewBucketAsync(stores.Second);

        var report = await CancelledThenResumedAsync(source, sourceEndpoint, destination, destinationEndpoint, 100 * MiB, partSize: 5 * MiB);

        Assert.Equal("MD5-of-parts", report.ChecksumAlgorithm);
        Assert.True(report.Verified);
        Assert.Equal(0, await stores.OpenUploadsAsync(stores.Second, destination.Bucket));
    }

    [Fact]
    public async Task A_multipart_copy_to_Azure_cancelled_at_70_percent_resumes_and_sends_at_most_40_percent_again()
    {
        var (source, sourceEndpoint) = await stores.NewBucketAsync(stores.First);
        var (destination, destinationEndpoint) = await stores.NewContainerAsync();

        await CancelledThenResumedAsync(source, sourceEndpoint, destination, destinationEndpoint, 60 * MiB, partSize: 2 * MiB);
    }

    [Fact]
    public async Task A_checkpoint_of_another_source_version_is_abandoned_and_its_upload_aborted()
    {
        var (source, sourceEndpoint) = await stores.NewBucketAsync(stores.First);
        var (destination, destinationEndpoint) = await stores.NewBucketAsync(stores.Second);
        var run = await CheckpointedRun.CreateAsync(sourceEndpoint, destinationEndpoint);
        var copier = NewCopier(o => (o.MultipartThreshold, o.PartSize, o.PartsInFlight) = (5 * MiB, 5 * MiB, 2));
        var item = await PutAsync(source, "replaced.bin", 30 * MiB, seed: 3);
        using (var cancel = new CancellationTokenSource())
        {
            var stopping = new FaultInjectingObjectStore(destination) { CancelDuringParts = (cancel, 20 * MiB) };
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                copier.CopyAsync(Context(source, sourceEndpoint, stopping, destinationEndpoint, uploads: run.Uploads), item, cancel.Token));
        }
        // The object is replaced before the copy is taken over (a retry copies whatever is there: no listed ETag).
        await PutAsync(source, "replaced.bin", 30 * MiB, seed: 4);
        var spy = new FaultInjectingObjectStore(destination);

        var report = await copier.CopyAsync(Context(source, sourceEndpoint, spy, destinationEndpoint, uploads: run.Uploads), item with { ETag = null }, Ct);

        CopyAssert.Succeeded(report, item.Key, 30 * MiB);
        Assert.Null(report.BytesReused);
        Assert.Equal((1, 1, 30 * MiB), (spy.UploadsStarted, spy.UploadsAborted, spy.PartBytes));
        Assert.Equal(GeneratedContent.Sha256(30 * MiB, 4), await Sha256Async(destination, item.Key));
        Assert.Equal(0, await stores.OpenUploadsAsync(stores.Second, destination.Bucket));
        Assert.Null(await run.Checkpoints.GetUploadCheckpointAsync(run.RunId, item.Key));
    }

    private static async Task<Core.Reports.ObjectReport> CancelledThenResumedAsync(IObjectStore source, EndpointConfig sourceEndpoint,
        IObjectStore destination, EndpointConfig destinationEndpoint, long size, long partSize)
    {
        var run = await CheckpointedRun.CreateAsync(sourceEndpoint, destinationEndpoint);
        var copier = NewCopier(o => (o.MultipartThreshold, o.PartSize, o.PartsInFlight) = (partSize, partSize, 2));
        var item = await PutAsync(source, "resumed.bin", size, seed: 21);

        // The first worker stops once 70 % of the bytes went out: its parts in flight are lost, the others are checkpointed.
        using (var cancel = new CancellationTokenSource())
        {
            var first = new FaultInjectingObjectStore(destination) { CancelDuringParts = (cancel, size * 7 / 10) };
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                copier.CopyAsync(Context(source, sourceEndpoint, first, destinationEndpoint, uploads: run.Uploads), item, cancel.Token));
            Assert.Equal((1, 0), (first.UploadsStarted, first.UploadsAborted));
        }
        var checkpoint = (await run.Checkpoints.GetUploadCheckpointAsync(run.RunId, item.Key))!;
        Assert.Equal(item.ETag, checkpoint.SourceETag);

        var second = new FaultInjectingObjectStore(destination);
        var report = await copier.CopyAsync(Context(source, sourceEndpoint, second, destinationEndpoint, uploads: run.Uploads), item, Ct);

        CopyAssert.Succeeded(report, item.Key, size);
        Assert.Equal((0, 1), (second.UploadsStarted, second.UploadsResumed));
        Assert.Equal(checkpoint.Parts.Sum(p => p.Size), report.BytesReused);
        Assert.True(report.BytesReused >= size * 6 / 10, $"{report.BytesReused} of {size} bytes were reused");
        Assert.Equal(size - report.BytesReused, second.PartBytes);
        Assert.Equal(GeneratedContent.Sha256(size, 21), await Sha256Async(destination, item.Key));
        Assert.Null(await run.Checkpoints.GetUploadCheckpointAsync(run.RunId, item.Key));
        return report;
    }
}
