using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;
using Transporter.Core.Storage;
using Transporter.Testing.Persistence;

namespace Transporter.Core.Tests.Migrations.Persistence;

/// <summary><see cref="UploadCheckpointRepository"/> (part-level resume) with the same SQL on SQLite and PostgreSQL: an
/// upload and its parts as they complete, a newer upload of the key replacing an older one, and which uploads finished
/// runs left.</summary>
public abstract class UploadCheckpointRepositoryTests : RepositoryTests
{
    private static UploadCheckpoint Checkpoint(Guid runId, string key, string uploadId) =>
        new(runId, key, uploadId, "etag-of-source", 3 * 1024, 1024, []);

    [Fact]
    public async Task An_upload_keeps_its_parts_as_they_complete_and_is_forgotten_with_them()
    {
        var (_, run) = await Ctx.StartedRunAsync();
        await Uploads.SaveUploadCheckpointAsync(Checkpoint(run.Id, "big/ü.bin", "upload-1"));
        await Uploads.AddUploadPartAsync(run.Id, "big/ü.bin", "upload-1", new UploadedPart(2, "etag2", 1024, "bWQ1Mg=="));
        await Uploads.AddUploadPartAsync(run.Id, "big/ü.bin", "upload-1", new UploadedPart(1, "etag1", 1024, "bWQ1MQ=="));
        // A part of another upload (a worker that lost the object) is not recorded.
        await Uploads.AddUploadPartAsync(run.Id, "big/ü.bin", "stale-upload", new UploadedPart(3, "etag3", 1024));

        var found = await Uploads.GetUploadCheckpointAsync(run.Id, "big/ü.bin");

        Assert.Equal(("upload-1", "etag-of-source", 3L * 1024, 1024L), (found!.UploadId, found.SourceETag, found.Size, found.PartSize));
        Assert.Equal([new UploadedPart(1, "etag1", 1024, "bWQ1MQ=="), new UploadedPart(2, "etag2", 1024, "bWQ1Mg==")], found.Parts);
        Assert.Null(await Uploads.GetUploadCheckpointAsync(run.Id, "other"));

        await Uploads.DeleteUploadCheckpointAsync(run.Id, "big/ü.bin", "upload-1");
        Assert.Null(await Uploads.GetUploadCheckpointAsync(run.Id, "big/ü.bin"));
    }

    [Fact]
    public async Task A_new_upload_of_the_key_replaces_the_old_one_and_its_parts()
    {
        var (_, run) = await Ctx.StartedRunAsync();
        await Uploads.SaveUploadCheckpointAsync(Checkpoint(run.Id, "k", "upload-1"));
        await Uploads.AddUploadPartAsync(run.Id, "k", "upload-1", new UploadedPart(1, "etag1", 1024));

        await Uploads.SaveUploadCheckpointAsync(Checkpoint(run.Id, "k", "upload-2") with { SourceETag = "newer" });
        await Uploads.DeleteUploadCheckpointAsync(run.Id, "k", "upload-1"); // the old upload's end changes nothing now

        var found = await Uploads.GetUploadCheckpointAsync(run.Id, "k");
        Assert.Equal(("upload-2", "newer"), (found!.UploadId, found.SourceETag));
        Assert.Empty(found.Parts);
    }

    [Fact]
    public async Task Leftover_uploads_are_those_of_finished_runs_whose_batches_no_live_worker_copies()
    {
        var (_, activeRun) = await Ctx.StartedRunAsync();
        var (aborted, abortedRun) = await Ctx.StartedRunAsync();
        var (_, heldRun) = await Ctx.StartedRunAsync();
        foreach (var (run, key) in new[] { (activeRun, "a"), (abortedRun, "b"), (abortedRun, "c"), (heldRun, "d") })
            await Uploads.SaveUploadCheckpointAsync(Checkpoint(run.Id, key, "upload-" + key));
        // The third run's batch is still being copied by a live worker when the run is aborted.
        var batch = (await Batches.AddBatchAsync(heldRun.Id, "lister-1", 0, RepositoryTestContext.Items("d")))!;
        Assert.NotNull(await Batches.TryClaimBatchAsync(batch.Id, "worker-1", Ctx.Clock.GetUtcNow().AddSeconds(30)));
        Assert.True(await Runs.AbortAsync(abortedRun.Id));
        Assert.True(await Runs.AbortAsync(heldRun.Id));

        var leftovers = await Uploads.GetLeftoverUploadsAsync(null, 100);

        Assert.Equal([(aborted.Id, "b", "upload-b"), (aborted.Id, "c", "upload-c")],
            leftovers.Select(l => (l.MigrationId, l.Checkpoint.Key, l.Checkpoint.UploadId)));
        Assert.Equal(["c"], (await Uploads.GetLeftoverUploadsAsync((abortedRun.Id, "b"), 100)).Select(l => l.Checkpoint.Key));
        // Once the worker's lease has expired, its run's upload is a leftover too.
        Ctx.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Contains("d", (await Uploads.GetLeftoverUploadsAsync(null, 100)).Select(l => l.Checkpoint.Key));
        Assert.DoesNotContain("a", (await Uploads.GetLeftoverUploadsAsync(null, 100)).Select(l => l.Checkpoint.Key));
    }
}
