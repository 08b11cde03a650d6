using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;
using Transporter.Core.Storage;
using Transporter.Testing.Persistence;

namespace Transporter.Core.Tests.Migrations.Persistence;

/// <summary><see cref="ObjectReportRepository"/> with the same SQL on SQLite and PostgreSQL: a finished run's retry of
/// its failed and uncopied objects, a run's speed history, and the measured speeds of finished runs per size bin.</summary>
public abstract class ObjectReportRepositoryTests : RepositoryTests
{
    [Fact]
    public async Task Retry_turns_the_failed_objects_into_batches_and_corrects_the_counters()
    {
        var (migration, run) = await Ctx.StartedRunAsync();
        var items = RepositoryTestContext.Items("a", "b", "c");
        var batch = (await Batches.AddBatchAsync(run.Id, "lister-1", 0, items))!;
        await Leases.CompleteListingAsync(run.Id, "lister-1");
        await Batches.TryClaimBatchAsync(batch.Id, "worker-1", Ctx.Clock.GetUtcNow().AddSeconds(30));
        await Batches.CommitBatchAsync(batch, "worker-1", [RepositoryTestContext.Succeeded(items[0]), RepositoryTestContext.Failed(items[1]),
            RepositoryTestContext.Failed(items[2])], []);
        Assert.Null(await Reports.RetryAsync(run.Id));
        await Runs.TryCompleteAsync(run.Id);

        var retried = await Reports.RetryAsync(run.Id);
        var retryBatch = (await Batches.TryClaimBatchAsync(Assert.Single(retried!), "worker-2", Ctx.Clock.GetUtcNow().AddSeconds(30)))!;
        // The retry copies b; c fails again; a redelivered success of a is ignored.
        await Batches.CommitBatchAsync(retryBatch, "worker-2", [RepositoryTestContext.Succeeded(items[1]), RepositoryTestContext.Failed(items[2], "again"),
            RepositoryTestContext.Failed(items[0], "must not replace a success")], []);

        Assert.Equal(["b", "c"], retryBatch.Items.Select(i => i.Key));
        Assert.All(items, i => Assert.NotNull(i.ETag));
        // A retry copies whatever version is there now: the listed ETag would make a changed object fail again.
        Assert.All(retryBatch.Items, i => Assert.Null(i.ETag));
        Assert.Equal(CopyBatch.IdFor(run.Id, 1), retryBatch.Id);
        var after = (await Runs.GetRunAsync(run.Id))!;
        Assert.Equal((3L, 2L, 1L, 100L + 101L), (after.FilesFound, after.FilesCompleted, after.FilesFailed, after.BytesTransmitted));
        Assert.Equal(MigrationState.CompletedWithErrors, await Runs.TryCompleteAsync(run.Id));
        var reports = (await Reports.GetReportsAsync(run.Id, null, 10)).ToDictionary(r => r.ObjectKey);
        Assert.True(reports["a"].Succeeded);
        Assert.True(reports["b"].Succeeded);
        Assert.Equal("again", reports["c"].DestinationWritingErr);
        Assert.Equal(migration.Id, (await Runs.GetRunAsync(run.Id))!.MigrationId);
    }

    [Fact]
    public async Task Retry_of_a_run_whose_listing_failed_keeps_its_uncopied_batches_and_lists_on()
    {
        var (_, run) = await Ctx.StartedRunAsync();
        var listed = (await Batches.AddBatchAsync(run.Id, "lister-1", 0, RepositoryTestContext.Items("a", "b")))!;
        await Batches.TryClaimBatchAsync(listed.Id, "worker-1", Ctx.Clock.GetUtcNow().AddSeconds(30));
        Assert.True(await Runs.TryMoveAsync(run.Id, MigrationState.Failed));

        var batches = await Reports.RetryAsync(run.Id);

        Assert.Equal([listed.Id], batches);
        var retried = (await Runs.GetRunAsync(run.Id))!;
        Assert.Equal((MigrationState.Queued, "b", 1L, false), (retried.State, retried.LastKey, retried.NextBatchSeq, retried.ListingCompleted));
        Assert.Null(retried.FinishedAt);
        Assert.Equal(["a", "b"], (await Batches.TryClaimBatchAsync(listed.Id, "worker-2", Ctx.Clock.GetUtcNow().AddSeconds(30)))!.Items.Select(i => i.Key));
        Assert.Equal([run.Id], await Leases.FindClaimableRunsAsync(10));
    }

    [Fact]
    public async Task Bytes_of_succeeded_objects_are_summed_per_slice_of_their_finish_time()
    {
        var (_, run) = await Ctx.StartedRunAsync();
        var items = RepositoryTestContext.Items("a", "b", "c", "d");
        var batch = (await Batches.AddBatchAsync(run.Id, "lister-1", 0, items))!;
        await Batches.TryClaimBatchAsync(batch.Id, "worker-1", Ctx.Clock.GetUtcNow().AddSeconds(30));
        var start = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
        CopiedObject FinishedAt(int i, double seconds, bool ok = true)
        {
            var copied = ok ? RepositoryTestContext.Succeeded(items[i]) : RepositoryTestContext.Failed(items[i]);
            return copied with { Report = copied.Report with { FinishTime = start.AddSeconds(seconds) } };
        }
        await Batches.CommitBatchAsync(batch, "worker-1", [FinishedAt(0, 0.5), FinishedAt(1, 1.5), FinishedAt(2, 1.9), FinishedAt(3, 1.2, ok: false)], []);

        var slices = await Reports.GetThroughputAsync(run.Id, start, TimeSpan.FromSeconds(1));

        Assert.Equal([(start, 100L), (start.AddSeconds(1), 101L + 102L)], slices);
        Assert.Empty(await Reports.GetThroughputAsync(run.Id, start.AddSeconds(2), TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Throughput_is_measured_per_size_bin_on_finished_unlimited_runs_of_the_same_endpoint_types()
    {
        var t0 = Ctx.Clock.GetUtcNow();
        // Ten 500-byte objects one after another, 0.5 s each (5 s); then two 2 MB objects side by side, 2.5 s each.
        var small = Enumerable.Range(0, 10).Select(i => (new ObjectSummary($"s{i}", 500, t0, null), t0.AddSeconds(i * 0.5), 0.5)).ToList();
        var large = Enumerable.Range(0, 2).Select(i => (new ObjectSummary($"t{i}", 2_000_000, t0, null), t0.AddSeconds(5), 2.5)).ToList();
        await CompletedRunAsync(MigrationControls.None, 0, [.. small, .. large]);
        await CompletedRunAsync(MigrationControls.None, 5000, small); // under a limit: not measured
        await CompletedRunAsync(new MigrationControls { BandwidthTimetable = [new() { Days = "Daily", From = "00:00", To = "24:00", Limit = 0 }] }, 0, small);

        var profile = await Reports.GetThroughputProfileAsync("acme", "s3v4", "s3v4", sameEndpoint: true, 20);
        var elsewhere = await Reports.GetThroughputProfileAsync("globex", "s3v4", "s3v4", sameEndpoint: true, 20);

        // The run's 7.5 s of copying, shared by the bins' busy times plus a millisecond per object (5.01 s and 5.002 s).
        var (smallSeconds, largeSeconds) = (7.5 * 5.01 / 10.012, 7.5 * 5.002 / 10.012);
        Assert.Equal((1, 12L, 4_005_000L), (profile.Runs, profile.Objects, profile.Bytes));
        Assert.Equal(10 / smallSeconds, profile.Bins[2]!.Value.ObjectsPerSecond, 6);
        Assert.Equal(4_000_000 / largeSeconds, profile.Bins[7]!.Value.BytesPerSecond, 6);
        Assert.Null(profile.Bins[0]);
        Assert.Equal(12 / 7.5, profile.Overall!.Value.ObjectsPerSecond, 6);
        Assert.Equal(0, elsewhere.Runs);
    }

    [Fact]
    public async Task A_bin_of_objects_too_quick_to_time_still_gets_a_speed()
    {
        var t0 = Ctx.Clock.GetUtcNow();
        // Four 5-byte objects timed at 0 s, and one 500-byte object of 1 s, over a run of 1 s.
        var instant = Enumerable.Range(0, 4).Select(i => (new ObjectSummary($"i{i}", 5, t0, null), t0, 0.0)).ToList();
        await CompletedRunAsync(MigrationControls.None, 0, [.. instant, (new ObjectSummary("s", 500, t0, null), t0, 1.0)]);

        var profile = await Reports.GetThroughputProfileAsync("acme", "s3v4", "s3v4", sameEndpoint: true, 20);

        // Weights: 0.004 s for the instant bin, 1.001 s for the other; the run's 1 s shared in proportion.
        Assert.Equal(4 / (1.0 * 0.004 / 1.005), profile.Bins[0]!.Value.ObjectsPerSecond, 6);
        Assert.Equal(1 / (1.0 * 1.001 / 1.005), profile.Bins[2]!.Value.ObjectsPerSecond, 6);
    }

    private async Task CompletedRunAsync(MigrationControls controls, long limit, IReadOnlyList<(ObjectSummary Item, DateTimeOffset Start, double Seconds)> objects)
    {
        var migration = RepositoryTestContext.NewMigration() with { Controls = controls, BandwidthLimit = limit };
        var run = (await Migrations.CreateAsync(migration, new EndpointPair(RepositoryTestContext.Endpoint("src"), RepositoryTestContext.Endpoint("dst")), startNow: true))!;
        var lease = Ctx.Clock.GetUtcNow().AddSeconds(30);
        Assert.True(await Leases.TryClaimListerAsync(run.Id, "lister-1", lease));
        Assert.True(await Runs.TryMoveAsync(run.Id, MigrationState.Started));
        var batch = (await Batches.AddBatchAsync(run.Id, "lister-1", 0, objects.Select(o => o.Item).ToList()))!;
        Assert.NotNull(await Batches.TryClaimBatchAsync(batch.Id, "worker-1", lease));
        var outcomes = objects.Select(o => RepositoryTestContext.Succeeded(o.Item) with
        {
            Report = RepositoryTestContext.Succeeded(o.Item).Report with { StartTime = o.Start, FinishTime = o.Start.AddSeconds(o.Seconds), CopyDuration = o.Seconds },
        }).ToList();
        Assert.NotNull(await Batches.CommitBatchAsync(batch, "worker-1", outcomes, []));
        Assert.True(await Leases.CompleteListingAsync(run.Id, "lister-1"));
        Assert.Equal(MigrationState.Completed, await Runs.TryCompleteAsync(run.Id));
    }
}
