using Transporter.Connectors.Gcs;
using Transporter.Core.Bandwidth;
using Transporter.Core.Endpoints;
using Transporter.Core.Storage;
using Transporter.Testing;
using Transporter.Testing.Gcs;
using static Transporter.Worker.Tests.Copying.CopierTestKit;

namespace Transporter.Worker.Tests.Copying;

/// <summary>
/// Resumed GCS writes, against the FAKE GCS JSON API (<see cref="FakeGcsServer"/>; no real GCS runs here), from the
/// built-in store (S3): a copy checkpoints its resumable session (in a real SQLite migration database) before it sends a
/// byte; stopped at about 70 % (as a worker that stops mid-copy), it leaves the session, and the next copy of the object in
/// the run, through another provider (as another worker process), asks the session what it holds, reads the source from
/// there and sends only the rest. A session that expired, or of a source version replaced since, is abandoned.
/// </summary>
[Collection(StoresCollection.Name)]
public sealed class ObjectCopierGcsResumeAgainstFakeJsonApiTests(StoresFixture stores) : IAsyncLifetime
{
    private const long MiB = 1024 * 1024;
    private const int Chunk = (int)MiB;
    private FakeGcsServer _gcs = null!;
    private readonly List<GcsStoreProvider> _providers = [];

    public async Task InitializeAsync() => _gcs = await FakeGcsServer.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var provider in _providers) provider.Dispose();
        await _gcs.DisposeAsync();
    }

    [Fact]
    public async Task A_copy_to_GCS_stopped_at_70_percent_is_continued_from_its_session_and_sends_only_the_rest()
    {
        const long size = 24 * MiB;
        var (source, sourceEndpoint, item) = await SourceAsync("resumed.bin", size, seed: 41);
        var destinationEndpoint = NewGcsBucket();
        var run = await CheckpointedRun.CreateAsync(sourceEndpoint, destinationEndpoint);
        var held = await StopCopyAtAsync(source, sourceEndpoint, destinationEndpoint, run, item, size * 7 / 10);
        var checkpoint = (await run.Checkpoints.GetUploadCheckpointAsync(run.RunId, item.Key))!;
        Assert.Equal((item.ETag, size), (checkpoint.SourceETag, checkpoint.Size));
        Assert.Equal(1, _gcs.OpenSessions);

        var destination = OpenGcs(destinationEndpoint); // another worker process: its own provider and client
        var before = _gcs.UploadBytesReceived;
        var report = await NewCopier().CopyAsync(Context(source, sourceEndpoint, destination, destinationEndpoint, uploads: run.Uploads), item, Ct);

        CopyAssert.Succeeded(report, item.Key, size);
        Assert.Equal(held, report.BytesReused);
        Assert.True(held >= size * 6 / 10, $"{held} of {size} bytes were held");
        Assert.Equal(size - held, _gcs.UploadBytesReceived - before);
        // The source's MD5 (its ETag) against the md5Hash GCS computed over both workers' bytes.
        Assert.Equal(("MD5", true), (report.ChecksumAlgorithm, report.Verified));
        Assert.Equal(item.ETag, report.SourceChecksum);
        Assert.Equal(item.ETag, report.DestinationChecksum);
        Assert.Equal(GeneratedContent.Sha256(size, 41), await Sha256Async(destination, item.Key));
        Assert.Null(await run.Checkpoints.GetUploadCheckpointAsync(run.RunId, item.Key));
        Assert.Equal(0, _gcs.OpenSessions);
    }

    [Fact]
    public async Task A_session_that_expired_is_abandoned_and_the_object_sent_whole()
    {
        const long size = 12 * MiB;
        var (source, sourceEndpoint, item) = await SourceAsync("expired.bin", size, seed: 42);
        var destinationEndpoint = NewGcsBucket();
        var run = await CheckpointedRun.CreateAsync(sourceEndpoint, destinationEndpoint);
        await StopCopyAtAsync(source, sourceEndpoint, destinationEndpoint, run, item, size / 3);
        var checkpoint = (await run.Checkpoints.GetUploadCheckpointAsync(run.RunId, item.Key))!;
        _gcs.ExpireSession(FakeGcsServer.UploadIdOf(checkpoint.UploadId));

        var destination = OpenGcs(destinationEndpoint);
        var before = _gcs.UploadBytesReceived;
        var report = await NewCopier().CopyAsync(Context(source, sourceEndpoint, destination, destinationEndpoint, uploads: run.Uploads), item, Ct);

        CopyAssert.Succeeded(report, item.Key, size);
        Assert.Null(report.BytesReused);
        Assert.Equal(size, _gcs.UploadBytesReceived - before);
        Assert.True(report.Verified);
        Assert.Equal(GeneratedContent.Sha256(size, 42), await Sha256Async(destination, item.Key));
        Assert.Null(await run.Checkpoints.GetUploadCheckpointAsync(run.RunId, item.Key));
    }

    [Fact]
    public async Task The_session_of_a_source_version_replaced_since_is_cancelled_and_the_new_version_copied()
    {
        const long size = 12 * MiB;
        var (source, sourceEndpoint, item) = await SourceAsync("replaced.bin", size, seed: 43);
        var destinationEndpoint = NewGcsBucket();
        var run = await CheckpointedRun.CreateAsync(sourceEndpoint, destinationEndpoint);
        await StopCopyAtAsync(source, sourceEndpoint, destinationEndpoint, run, item, size / 2);
        // Replaced before the copy is taken over (a retry copies whatever is there: no listed ETag).
        await PutAsync(source, item.Key, size, seed: 44);

        var destination = OpenGcs(destinationEndpoint);
        var report = await NewCopier().CopyAsync(Context(source, sourceEndpoint, destination, destinationEndpoint, uploads: run.Uploads), item with { ETag = null }, Ct);

        CopyAssert.Succeeded(report, item.Key, size);
        Assert.Null(report.BytesReused);
        Assert.Contains(_gcs.Requests, r => r.Method == "DELETE" && r.Path.StartsWith("/upload/", StringComparison.Ordinal));
        Assert.Equal(0, _gcs.OpenSessions);
        Assert.Equal(GeneratedContent.Sha256(size, 44), await Sha256Async(destination, item.Key));
        Assert.Null(await run.Checkpoints.GetUploadCheckpointAsync(run.RunId, item.Key));
    }

    [Fact]
    public async Task A_continued_copy_of_a_composite_GCS_object_is_checked_by_GCSs_CRC32Cs()
    {
        const long size = 12 * MiB;
        // Another GCS (another fake server): the copy streams through this process instead of a rewrite inside GCS.
        await using var sourceGcs = await FakeGcsServer.StartAsync();
        var sourceEndpoint = NewGcsBucket(sourceGcs);
        var source = OpenGcs(sourceEndpoint);
        var item = await PutAsync(source, "composite.bin", size, seed: 45);
        sourceGcs.MakeComposite(sourceEndpoint.Bucket!, item.Key);
        var destinationEndpoint = NewGcsBucket();
        var run = await CheckpointedRun.CreateAsync(sourceEndpoint, destinationEndpoint);
        await StopCopyAtAsync(source, sourceEndpoint, destinationEndpoint, run, item, size / 2);

        var report = await NewCopier().CopyAsync(Context(source, sourceEndpoint, OpenGcs(destinationEndpoint), destinationEndpoint, uploads: run.Uploads), item, Ct);

        CopyAssert.Succeeded(report, item.Key, size);
        Assert.True(report.BytesReused >= size / 2, $"{report.BytesReused} bytes reused");
        // No MD5 at the source (a composite object has none): its crc32c against the one GCS computed over both copies' bytes.
        Assert.Equal(("CRC32C", true), (report.ChecksumAlgorithm, report.Verified));
        Assert.Equal(8, report.SourceChecksum!.Length);
        Assert.Equal(report.SourceChecksum, report.DestinationChecksum);
    }

    private async Task<(IObjectStore Store, EndpointConfig Endpoint, ObjectSummary Item)> SourceAsync(string key, long size, ulong seed)
    {
        var (source, endpoint) = await stores.NewBucketAsync(stores.First);
        return (source, endpoint, await PutAsync(source, key, size, seed));
    }

    /// <summary>Copies the object under a bandwidth limit and stops the copy (as its worker does when it stops) once the GCS
    /// session holds <paramref name="bytes"/>; returns what the session holds then.</summary>
    private async Task<long> StopCopyAtAsync(IObjectStore source, EndpointConfig sourceEndpoint, EndpointConfig destinationEndpoint,
        CheckpointedRun run, ObjectSummary item, long bytes)
    {
        using var limiter = new BandwidthLimiter(8 * MiB);
        using var stop = new CancellationTokenSource();
        var context = Context(source, sourceEndpoint, OpenGcs(destinationEndpoint), destinationEndpoint, bandwidth: limiter, uploads: run.Uploads);
        var copying = NewCopier().CopyAsync(context, item, stop.Token);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (_gcs.SessionProgress.Values.DefaultIfEmpty().Max() < bytes)
        {
            Assert.True(DateTime.UtcNow < deadline, "the session did not reach the stop in 60 s");
            Assert.False(copying.IsCompleted, $"the copy ended before it was stopped: {copying.Exception}");
            await Task.Delay(5);
        }
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => copying);
        return _gcs.SessionProgress.Values.Single();
    }

    private EndpointConfig NewGcsBucket(FakeGcsServer? server = null)
    {
        server ??= _gcs;
        var bucket = "gcs-" + Guid.NewGuid().ToString("N")[..12];
        server.CreateBucket(bucket);
        return server.EndpointFor(bucket);
    }

    private IObjectStore OpenGcs(EndpointConfig endpoint)
    {
        var provider = new GcsStoreProvider(null, GcsStoreProvider.MaxListPageSize, Chunk);
        _providers.Add(provider);
        return provider.Open(endpoint);
    }
}
