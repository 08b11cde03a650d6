using Transporter.Core.Endpoints;
using Transporter.Core.Storage;
using static Transporter.Worker.Tests.Copying.CopierTestKit;

namespace Transporter.Worker.Tests.Copying;

/// <summary>
/// A source object overwritten while its copy waits (held by the <see cref="FaultInjectingObjectStore"/> test double
/// between the listing and the read, or between two parts): every read is conditioned on the listed version, so the
/// object fails with SourceChanged and nothing of it stays at the destination; a retry, which carries no listed ETag,
/// copies the new version. Over the built-in store (S3) and Azurite.
/// </summary>
[Collection(StoresCollection.Name)]
public sealed class ObjectCopierSourceChangeTests(StoresFixture stores)
{
    private const int Size = 300_000;
    private const int MultipartSize = 12 * 1024 * 1024;

    [Fact]
    public async Task An_S3_object_overwritten_after_its_listing_fails_with_SourceChanged_and_a_retry_copies_the_new_version()
    {
        var (source, sourceEndpoint) = await stores.NewBucketAsync(stores.First);
        var (destination, destinationEndpoint) = await stores.NewBucketAsync(stores.Second);

        await OverwrittenThenRetriedAsync(source, sourceEndpoint, destination, destinationEndpoint, Size, NewCopier());
    }

    [Fact]
    public async Task An_Azure_blob_overwritten_after_its_listing_fails_with_SourceChanged_and_a_retry_copies_the_new_version()
    {
        var (source, sourceEndpoint) = await stores.NewContainerAsync();
        var (destination, destinationEndpoint) = await stores.NewBucketAsync(stores.Second);

        await OverwrittenThenRetriedAsync(source, sourceEndpoint, destination, destinationEndpoint, Size, NewCopier());
    }

    [Fact]
    public async Task An_object_overwritten_between_two_parts_of_a_multipart_copy_fails_and_its_upload_is_aborted()
    {
        var (source, sourceEndpoint) = await stores.NewBucketAsync(stores.First);
        var (destination, destinationEndpoint) = await stores.NewBucketAsync(stores.Second);
        var copier = NewCopier(o => (o.MultipartThreshold, o.PartSize) = (5 * 1024 * 1024, 5 * 1024 * 1024));

        // The first part is read; the others wait until the object was overwritten.
        await OverwrittenThenRetriedAsync(source, sourceEndpoint, destination, destinationEndpoint, MultipartSize, copier, ungatedReads: 1);

        Assert.Equal(0, await stores.OpenUploadsAsync(stores.Second, destination.Bucket));
    }

    [Fact]
    public async Task An_Azure_blob_overwritten_between_two_parts_of_a_multipart_copy_fails()
    {
        var (source, sourceEndpoint) = await stores.NewContainerAsync();
        var (destination, destinationEndpoint) = await stores.NewBucketAsync(stores.Second);
        var copier = NewCopier(o => (o.MultipartThreshold, o.PartSize) = (5 * 1024 * 1024, 5 * 1024 * 1024));

        await OverwrittenThenRetriedAsync(source, sourceEndpoint, destination, destinationEndpoint, MultipartSize, copier, ungatedReads: 1);
    }

    private static async Task OverwrittenThenRetriedAsync(IObjectStore source, EndpointConfig sourceEndpoint, IObjectStore destination,
        EndpointConfig destinationEndpoint, long size, Worker.Copying.ObjectCopier copier, int ungatedReads = 0)
    {
        var listed = await ListedAsync(source, "changing.bin", size, seed: 1);
        var gate = new TaskCompletionSource();
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holding = new FaultInjectingObjectStore(source) { ReadGate = gate.Task, ReadHeld = held, UngatedReads = ungatedReads };

        var copy = copier.CopyAsync(Context(holding, sourceEndpoint, destination, destinationEndpoint), listed, Ct);
        await held.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await PutAsync(source, listed.Key, size, seed: 2);
        gate.SetResult();
        var report = await copy;

        Assert.False(report.Succeeded);
        Assert.StartsWith("SourceChanged: the source changed during the copy; a retry copies the new version", report.SourceReadingErr);
        Assert.Equal(("", 0L), (report.DestinationWritingErr, report.BytesCopied));
        Assert.All(holding.ReadConditions, c => Assert.Equal(listed.ETag, c?.ETag));
        Assert.Null(await destination.StatAsync(listed.Key, Ct));

        // The retry's item carries no listed version (ObjectReportRepository.RetryAsync): it copies what is there now.
        var retried = await copier.CopyAsync(Context(source, sourceEndpoint, destination, destinationEndpoint), listed with { ETag = null }, Ct);

        CopyAssert.Succeeded(retried, listed.Key, size);
        Assert.Equal(await Sha256Async(source, listed.Key), await Sha256Async(destination, listed.Key));
        Assert.NotEqual(listed.ETag, retried.SourceETag);
    }

    /// <summary>The object as the source's listing shows it (what a batch carries).</summary>
    private static async Task<ObjectSummary> ListedAsync(IObjectStore store, string key, long size, ulong seed)
    {
        await PutAsync(store, key, size, seed);
        await foreach (var item in store.ListAsync(key, null, Ct))
            if (item.Key == key) return item;
        throw new InvalidOperationException($"{key} is not listed");
    }
}
