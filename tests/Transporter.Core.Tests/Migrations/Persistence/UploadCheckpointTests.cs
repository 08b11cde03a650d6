using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;
using Transporter.Core.Storage;
using Transporter.Testing.Persistence;

namespace Transporter.Core.Tests.Migrations.Persistence;

/// <summary>The checkpoints of multipart copies (part-level resume) with the same SQL on SQLite and PostgreSQL: an upload
/// and its parts as they complete, a newer upload of the key replacing an older one, and which uploads finished runs left.</summary>
public abstract class UploadCheckpointTests : IAsyncLifetime
{
    private RepositoryTestContext _ctx = null!;
    private MigrationRepository Repo => _ctx.Repository;

    protected abstract Task<RepositoryTestContext> CreateContextAsync();

    public async Task InitializeAsync() => _ctx = await CreateContextAsync();

    public async Task DisposeAsync() => await _ctx.DisposeAsync();

    private static UploadCheckpoint Checkpoint(Guid runId, string key, string uploadId) =>
        new(runId, key, uploadId, "etag-of-source", 3 * 1024, 1024, []);

    [Fact]
    public async Task An_upload_keeps_its_parts_as_they_complete_and_is_forgotten_with_them()
    {
        var (_, run) = await _ctx.StartedRunAsync();
        await Repo.SaveUploadCheckpointAsync(Checkpoint(run.Id, "big/ü.bin", "upload-1"));
        await Repo.AddUploadPartAsync(run.Id, "big/ü.bin", "upload-1", new UploadedPart(2, "etag2", 1024, "bWQ1Mg=="));
        await Repo.AddUploadPartAsync(run.Id, "big/ü.bin", "upload-1", new UploadedPart(1, "etag1", 1024, "bWQ1MQ=="));
        // A part of another upload (a worker that lost the object) is not recorded.
        await Repo.AddUploadPartAsync(run.Id, "big/ü.bin", "stale-upload", new UploadedPart(3, "etag3", 1024));

        var found = await Repo.GetUploadCheckpointAsync(run.Id, "big/ü.bin");

        Assert.Equal(("upload-1", "etag-of-source", 3L * 1024, 1024L), (found!.UploadId, found.SourceETag, found.Size, found.PartSize));
        Assert.Equal([new UploadedPart(1, "etag1", 1024, "bWQ1MQ=="), new UploadedPart(2, "etag2", 1024, "bWQ1Mg==")], found.Parts);
        Assert.Null(await Repo.GetUploadCheckpointAsync(run.Id, "other"));

        await Repo.DeleteUploadCheckpointAsync(run.Id, "big/ü.bin", "upload-1");
        Assert.Null(await Repo.GetUploadCheckpointAsync(run.Id, "big/ü.bin"));
    }

    [Fact]
    public async Task A_new_upload_of_the_key_replaces_the_old_one_and_its_parts()
    {
        var (_, run) = await _ctx.StartedRunAsync();
        await Repo.SaveUploadCheckpointAsync(Checkpoint(run.Id, "k", "upload-1"));
        await Repo.AddUploadPartAsync(run.Id, "k", "upload-1", new UploadedPart(1, "etag1", 1024));

        await Repo.SaveUploadCheckpointAsync(Checkpoint(run.Id, "k", "upload-2") with { SourceETag = "newer" });
        await Repo.DeleteUploadCheckpointAsync(run.Id, "k", "upload-1"); // the old upload's end changes nothing now

        var found = await Repo.GetUploadCheckpointAsync(run.Id, "k");
        Assert.Equal(("upload-2", "newer"), (found!.UploadId, found.SourceETag));
        Assert.Empty(found.Parts);
    }

    [Fact]
    public async Task Leftover_uploads_are_those_of_finished_runs_whose_batches_no_live_worker_copies()
    {
        var (_, activeRun) = await _ctx.StartedRunAsync();
        var (aborted, abortedRun) = await _ctx.StartedRunAsync();
        var (_, heldRun) = await _ctx.StartedRunAsync();
        foreach (var (run, key) in new[] { (activeRun, "a"), (abortedRun, "b"), (abortedRun, "c"), (heldRun, "d") })
            await Repo.SaveUploadCheckpointAsync(Checkpoint(run.Id, key, "upload-" + key));
        // The third run's batch is still being copied by a live worker when the run is aborted.
        var batch = (await Repo.AddBatchAsync(heldRun.Id, "lister-1", 0, RepositoryTestContext.Items("d")))!;
        Assert.NotNull(await Repo.TryClaimBatchAsync(batch.Id, "worker-1", _ctx.Clock.GetUtcNow().AddSeconds(30)));
        Assert.True(await Repo.AbortAsync(abortedRun.Id));
        Assert.True(await Repo.AbortAsync(heldRun.Id));

        var leftovers = await Repo.GetLeftoverUploadsAsync(null, 100);

        Assert.Equal([(aborted.Id, "b", "upload-b"), (aborted.Id, "c", "upload-c")],
            leftovers.Select(l => (l.MigrationId, l.Checkpoint.Key, l.Checkpoint.UploadId)));
        Assert.Equal(["c"], (await Repo.GetLeftoverUploadsAsync((abortedRun.Id, "b"), 100)).Select(l => l.Checkpoint.Key));
        // Once the worker's lease has expired, its run's upload is a leftover too.
        _ctx.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Contains("d", (await Repo.GetLeftoverUploadsAsync(null, 100)).Select(l => l.Checkpoint.Key));
        Assert.DoesNotContain("a", (await Repo.GetLeftoverUploadsAsync(null, 100)).Select(l => l.Checkpoint.Key));
    }
}
