using Microsoft.Extensions.DependencyInjection;
using Transporter.Core.Migrations;
using Transporter.Testing;
using Transporter.Worker.Batches;

namespace Transporter.Worker.Tests.Engine;

/// <summary>The engine end to end inside one process: lister, batches, workers and commits over real SQLite and a real
/// Azurite, with the real ObjectCopier.</summary>
[Collection(EngineCollection.Name)]
public sealed class MigrationEngineTests(EngineFixture fixture) : IAsyncLifetime
{
    private EngineHost _engine = null!;

    public async Task InitializeAsync() => _engine = await EngineHost.StartAsync(RepoPaths.NewTempDir("engine"));

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    private static string[] Keys(int count, string prefix = "") => Enumerable.Range(0, count).Select(i => $"{prefix}obj-{i:D4}").ToArray();

    [Fact]
    public async Task A_migration_copies_every_object_in_batches_and_completes()
    {
        var (source, sourceEndpoint) = await fixture.NewContainerAsync();
        var (destination, destinationEndpoint) = await fixture.NewContainerAsync();
        var keys = Keys(250);
        await EngineFixture.PutAsync(source, keys);

        var run = (await _engine.Launcher.CreateAsync(EngineFixture.NewMigration(sourceEndpoint, destinationEndpoint),
            new(sourceEndpoint, destinationEndpoint), CancellationToken.None))!;
        var done = await _engine.WaitForFinishAsync(run.Id);

        Assert.Equal(MigrationState.Completed, done.State);
        Assert.True(done.ListingCompleted);
        Assert.Equal((250L, 250L, 0L, 250L * 64), (done.FilesFound, done.FilesCompleted, done.FilesFailed, done.BytesTransmitted));
        Assert.Equal(3, done.NextBatchSeq);
        Assert.Equal(keys, (await EngineFixture.ListAsync(destination)).Select(o => o.Key));
        Assert.Equal("obj-0042".PadRight(64, '.'), await EngineFixture.ReadTextAsync(destination, "obj-0042"));
        Assert.Equal(250, (await _engine.Reports.GetReportsAsync(run.Id, null, 1000)).Count(r => r.Succeeded));
        Assert.Empty(await _engine.Runs.GetErrorsAsync(run.Id));
    }

    [Fact]
    public async Task Redelivered_batches_of_a_finished_run_change_nothing()
    {
        var (source, sourceEndpoint) = await fixture.NewContainerAsync();
        var (_, destinationEndpoint) = await fixture.NewContainerAsync();
        await EngineFixture.PutAsync(source, Keys(120));
        var migration = EngineFixture.NewMigration(sourceEndpoint, destinationEndpoint);
        var run = (await _engine.Launcher.CreateAsync(migration, new(sourceEndpoint, destinationEndpoint), CancellationToken.None))!;
        var done = await _engine.WaitForFinishAsync(run.Id);

        var worker = _engine.Services.GetRequiredService<BatchWorker>();
        var handled = worker.DeliveriesHandled;
        for (var seq = 0; seq < done.NextBatchSeq; seq++)
            await _engine.Publisher.BatchReadyAsync(migration.Id, run.Id, CopyBatch.IdFor(run.Id, seq), CancellationToken.None);
        // Every redelivery was looked at by the worker (and found its batch done) before anything is compared.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (worker.DeliveriesHandled < handled + done.NextBatchSeq && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.Equal(handled + done.NextBatchSeq, worker.DeliveriesHandled);

        var after = (await _engine.Runs.GetRunAsync(run.Id))!;
        Assert.Equal(done with { UpdatedAt = after.UpdatedAt }, after);
        Assert.Equal((120L, 120L), (after.FilesFound, after.FilesCompleted));
    }

    [Fact]
    public async Task A_batch_held_by_a_dead_worker_is_copied_once_its_lease_expires()
    {
        var (source, sourceEndpoint) = await fixture.NewContainerAsync();
        var (destination, destinationEndpoint) = await fixture.NewContainerAsync();
        var keys = Keys(150);
        await EngineFixture.PutAsync(source, keys);
        // Listed by a lister that then died, with batch 1 taken by a worker that died too.
        var migration = EngineFixture.NewMigration(sourceEndpoint, destinationEndpoint, skipVerify: true);
        var run = (await _engine.Migrations.CreateAsync(migration, new(sourceEndpoint, destinationEndpoint), startNow: true))!;
        var items = await EngineFixture.ListAsync(source);
        Assert.True(await _engine.Leases.TryClaimListerAsync(run.Id, "dead-lister", DateTimeOffset.UtcNow.AddSeconds(2)));
        await _engine.Runs.TryMoveAsync(run.Id, MigrationState.Started);
        await _engine.Batches.AddBatchAsync(run.Id, "dead-lister", 0, items[..100]);
        await _engine.Batches.AddBatchAsync(run.Id, "dead-lister", 1, items[100..]);
        await _engine.Leases.CompleteListingAsync(run.Id, "dead-lister");
        Assert.NotNull(await _engine.Batches.TryClaimBatchAsync(CopyBatch.IdFor(run.Id, 1), "dead-worker", DateTimeOffset.UtcNow.AddSeconds(4)));

        var done = await _engine.WaitForFinishAsync(run.Id, seconds: 30);

        Assert.Equal(MigrationState.Completed, done.State);
        Assert.Equal((150L, 150L, 0L), (done.FilesFound, done.FilesCompleted, done.FilesFailed));
        Assert.Equal(keys, (await EngineFixture.ListAsync(destination)).Select(o => o.Key));
    }

    [Fact]
    public async Task A_restarted_engine_resumes_a_run_from_its_checkpoint()
    {
        var (source, sourceEndpoint) = await fixture.NewContainerAsync();
        var (destination, destinationEndpoint) = await fixture.NewContainerAsync(streamed: true);
        var keys = Keys(300);
        await EngineFixture.PutAsync(source, keys);
        // 1,000 bytes per second would keep the run going for about 20 s.
        var migration = EngineFixture.NewMigration(sourceEndpoint, destinationEndpoint) with { BandwidthLimit = 1000 };
        var run = (await _engine.Launcher.CreateAsync(migration, new(sourceEndpoint, destinationEndpoint), CancellationToken.None))!;
        while ((await EngineFixture.ListAsync(destination)).Count < 5) await Task.Delay(50);

        // Stop (the in-memory queue goes with it; copied objects are committed, the rest go back to their batches) and
        // start another engine over the same data.
        var dataDir = _engine.DataDir;
        await _engine.DisposeAsync();
        _engine = await EngineHost.StartAsync(dataDir);
        var resumedFrom = (await _engine.Runs.GetRunAsync(run.Id))!;
        await _engine.Commands.SetBandwidthAsync([(migration.Id, 0)], CancellationToken.None);
        var done = await _engine.WaitForFinishAsync(run.Id);

        Assert.InRange(resumedFrom.FilesCompleted, 1, 299);
        Assert.False(resumedFrom.State.IsFinished());
        Assert.Equal(MigrationState.Completed, done.State);
        Assert.Equal((300L, 300L, 0L), (done.FilesFound, done.FilesCompleted, done.FilesFailed));
        Assert.Equal(keys, (await EngineFixture.ListAsync(destination)).Select(o => o.Key));
    }
}
