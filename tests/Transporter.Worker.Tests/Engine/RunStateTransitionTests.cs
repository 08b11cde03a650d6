using Transporter.Core.Endpoints;
using Transporter.Core.Migrations;
using Transporter.Core.Storage;
using Transporter.Testing;

namespace Transporter.Worker.Tests.Engine;

/// <summary>
/// A run's state tells the truth, in the interleavings that matter: abort and retry, pause and resume with copies in
/// flight, preflight success and failure, endpoints that refuse or vanish, broker publishes that are lost or hang. The
/// engine runs over real SQLite and a real Azurite; the broker's faults and the held listings/writes come from test
/// doubles in front of the real bus and stores (FaultyBrokerPublish, FaultInjectingProvider).
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class RunStateTransitionTests(EngineFixture fixture) : IAsyncLifetime
{
    private EngineHost _engine = null!;
    private FaultInjectingProvider _stores = null!;
    private FaultyBrokerPublish _broker = null!;

    public async Task InitializeAsync() => _engine = await EngineHost.StartAsync(RepoPaths.NewTempDir("transitions"),
        new Dictionary<string, string?> { ["Transporter:StallSeconds"] = "3", ["Transporter:PreflightWarningSeconds"] = "1" },
        services =>
        {
            _stores = FaultInjectingProvider.Install(services);
            _broker = FaultyBrokerPublish.Install(services);
        });

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    [Fact]
    public async Task An_abort_while_an_object_is_copied_leaves_it_outstanding_and_a_retry_copies_it()
    {
        var (migration, run, destination) = await StartAsync(count: 1, size: 200_000, bandwidth: 10_000);
        await WaitForAsync(async () => (await _engine.Batches.DescribeOutstandingAsync(run.Id)).Working == 1, "the object's copy to start");

        await _engine.Commands.AbortAsync(migration.Id, await _engine.Runs.GetRunAsync(run.Id), CancellationToken.None);
        // The worker cancels its copy and gives the object back to its batch.
        await WaitForAsync(async () => (await _engine.Batches.GetPendingBatchIdsAsync(run.Id)).Count == 1, "the aborted copy given back");
        var aborted = (await _engine.Runs.GetRunAsync(run.Id))!;
        Assert.Equal(MigrationState.Terminated, aborted.State);
        Assert.Equal((1L, 0L, 0L), (aborted.FilesFound, aborted.FilesCompleted, aborted.FilesFailed));
        Assert.Empty(await EngineFixture.ListAsync(destination));

        await _engine.Commands.SetBandwidthAsync([(migration.Id, 0)], CancellationToken.None);
        Assert.True(await _engine.Commands.RetryAsync(migration.Id, aborted, CancellationToken.None));
        var done = await _engine.WaitForFinishAsync(run.Id);

        Assert.Equal(MigrationState.Completed, done.State);
        Assert.Equal((1L, 1L, 0L), (done.FilesFound, done.FilesCompleted, done.FilesFailed));
        Assert.Single(await EngineFixture.ListAsync(destination));
    }

    [Fact]
    public async Task A_retry_right_after_an_abort_copies_what_the_abort_left_even_while_the_worker_still_holds_it()
    {
        var (migration, run, destination) = await StartAsync(count: 1, size: 200_000, bandwidth: 10_000);
        await WaitForAsync(async () => (await _engine.Batches.DescribeOutstandingAsync(run.Id)).Working == 1, "the object's copy to start");

        await _engine.Commands.AbortAsync(migration.Id, await _engine.Runs.GetRunAsync(run.Id), CancellationToken.None);
        await _engine.Commands.SetBandwidthAsync([(migration.Id, 0)], CancellationToken.None);
        Assert.True(await _engine.Commands.RetryAsync(migration.Id, (await _engine.Runs.GetRunAsync(run.Id))!, CancellationToken.None));
        var done = await _engine.WaitForFinishAsync(run.Id);

        Assert.Equal(MigrationState.Completed, done.State);
        Assert.Equal((1L, 1L, 0L), (done.FilesFound, done.FilesCompleted, done.FilesFailed));
        Assert.Single(await EngineFixture.ListAsync(destination));
    }

    [Fact]
    public async Task Pause_and_resume_while_copies_are_in_flight_then_lifting_the_limit_completes_every_object()
    {
        var (migration, run, destination) = await StartAsync(count: 30, size: 16 * 1024, bandwidth: 20_000);
        await _engine.WaitForRunAsync(run.Id, r => r.State is MigrationState.Running or MigrationState.SourceListCompleted);

        await _engine.Commands.PauseAsync(migration.Id, true, CancellationToken.None);
        Assert.Equal(MigrationState.Paused, (await _engine.Runs.GetRunAsync(run.Id))!.State);
        // Resumed while the paused batch's copies are still in flight (they run on at 20 KB/s).
        await _engine.Commands.PauseAsync(migration.Id, false, CancellationToken.None);
        await _engine.Commands.SetBandwidthAsync([(migration.Id, 0)], CancellationToken.None);
        var done = await _engine.WaitForFinishAsync(run.Id);

        Assert.Equal(MigrationState.Completed, done.State);
        Assert.Equal((30L, 30L, 0L), (done.FilesFound, done.FilesCompleted, done.FilesFailed));
        Assert.Equal(30, (await EngineFixture.ListAsync(destination)).Count);
    }

    [Fact]
    public async Task A_slow_migration_does_not_starve_another_of_the_process_copy_slots()
    {
        // 20 objects at 4 KB/s: sixteen copies at once would each take a minute and hold every slot of the process.
        var (slow, slowRun, _) = await StartAsync(count: 20, size: 16 * 1024, bandwidth: 4_000);
        await WaitForAsync(async () => (await _engine.Batches.DescribeOutstandingAsync(slowRun.Id)).Working == 1, "the slow run's copies to start");

        var (_, run, destination) = await StartAsync(count: 30, size: 16 * 1024);
        var done = await _engine.WaitForFinishAsync(run.Id, seconds: 30);

        Assert.Equal((MigrationState.Completed, 30L), (done.State, done.FilesCompleted));
        Assert.Equal(30, (await EngineFixture.ListAsync(destination)).Count);
        Assert.False((await _engine.Runs.GetRunAsync(slowRun.Id))!.State.IsFinished());
        await _engine.Commands.AbortAsync(slow.Id, await _engine.Runs.GetRunAsync(slowRun.Id), CancellationToken.None);
    }

    [Fact]
    public async Task After_its_preflight_a_run_is_Verified_until_the_listing_produces_its_first_batch()
    {
        var listing = new TaskCompletionSource();
        var (_, run, _) = await StartAsync(count: 3, size: 64, source: store =>
        {
            store.UngatedLists = 1; // the preflight's listing passes, the run's listing waits
            store.ListGate = listing.Task;
        });

        var verified = await _engine.WaitForRunAsync(run.Id, r => r.State == MigrationState.Verified);
        Assert.NotNull(verified.ClaimedAt);
        Assert.NotNull(verified.StartedAt);
        listing.SetResult();
        var done = await _engine.WaitForFinishAsync(run.Id);

        Assert.Equal(MigrationState.Completed, done.State);
        Assert.Equal(3L, done.FilesCompleted);
    }

    [Fact]
    public async Task A_preflight_that_hangs_stays_Queued_and_says_what_it_waits_for()
    {
        var write = new TaskCompletionSource();
        var (_, run, _) = await StartAsync(count: 2, size: 64, destination: store => store.WriteGate = write.Task);

        await WaitForAsync(async () => (await _engine.Runs.GetErrorsAsync(run.Id)).Count > 0, "the preflight's note");
        Assert.Equal(["preflight: writing the destination: no answer for 1 s; still waiting"], await _engine.Runs.GetErrorsAsync(run.Id));
        var waiting = (await _engine.Runs.GetRunAsync(run.Id))!;
        Assert.Equal(MigrationState.Queued, waiting.State);
        Assert.NotNull(waiting.ClaimedAt);

        write.SetResult();
        Assert.Equal(MigrationState.Completed, (await _engine.WaitForFinishAsync(run.Id)).State);
    }

    [Fact]
    public async Task A_preflight_refused_by_the_destination_fails_the_run_at_once_with_the_providers_words()
    {
        var (source, sourceEndpoint) = await fixture.NewContainerAsync();
        await EngineFixture.PutAsync(source, ["a"]);
        var missing = fixture.Endpoint("no-such-container-" + Guid.NewGuid().ToString("N")[..8]);
        var run = await LaunchAsync(EngineFixture.NewMigration(sourceEndpoint, missing), sourceEndpoint, missing);

        var done = await _engine.WaitForFinishAsync(run.Id, seconds: 10);

        Assert.Equal(MigrationState.Failed, done.State);
        var error = Assert.Single(await _engine.Runs.GetErrorsAsync(run.Id));
        Assert.StartsWith("preflight: error writing the destination: ContainerNotFound", error);
    }

    [Fact]
    public async Task A_run_whose_azure_key_is_not_base64_fails_within_seconds_instead_of_retrying()
    {
        var (source, sourceEndpoint) = await fixture.NewContainerAsync();
        await EngineFixture.PutAsync(source, ["a"]);
        var (_, destinationEndpoint) = await fixture.NewContainerAsync();
        var broken = destinationEndpoint with { SecretKey = "this is not base64!" };
        var run = await LaunchAsync(EngineFixture.NewMigration(sourceEndpoint, broken), sourceEndpoint, broken);

        var done = await _engine.WaitForFinishAsync(run.Id, seconds: 10);

        Assert.Equal(MigrationState.Failed, done.State);
        var error = Assert.Single(await _engine.Runs.GetErrorsAsync(run.Id));
        Assert.StartsWith("error opening the endpoints: InvalidCredentials: secretKey (the storage account key) is not base64", error);
    }

    [Fact]
    public async Task A_destination_taken_away_mid_run_fails_the_run_with_the_reason_and_a_retry_continues_once_it_is_back()
    {
        var (migration, run, destination) = await StartAsync(count: 20, size: 4096, bandwidth: 8_000);
        await _engine.WaitForRunAsync(run.Id, r => r.State is MigrationState.Running or MigrationState.SourceListCompleted);
        var container = destination.Bucket;
        await fixture.Provider.ServiceClient(fixture.Endpoint(container)).GetBlobContainerClient(container).DeleteAsync();

        var failed = await _engine.WaitForFinishAsync(run.Id, seconds: 30);

        Assert.Equal(MigrationState.Failed, failed.State);
        Assert.Contains(await _engine.Runs.GetErrorsAsync(run.Id), e => e.StartsWith("copying stopped: error writing the destination", StringComparison.Ordinal)
            && e.Contains("ContainerNotFound", StringComparison.Ordinal));
        // The objects not yet started were not tried: they wait in their batch for a retry.
        Assert.NotEmpty(await _engine.Batches.GetPendingBatchIdsAsync(run.Id));

        // Azurite refuses to re-create a container for a while after its deletion; wait until it accepts.
        await WaitForAsync(async () =>
        {
            try
            {
                await fixture.Provider.ServiceClient(fixture.Endpoint(container)).GetBlobContainerClient(container).CreateAsync();
                return true;
            }
            catch (Azure.RequestFailedException)
            {
                return false;
            }
        }, "the destination container back", seconds: 60);
        await _engine.Commands.SetBandwidthAsync([(migration.Id, 0)], CancellationToken.None);
        Assert.True(await _engine.Commands.RetryAsync(migration.Id, failed, CancellationToken.None));
        var done = await _engine.WaitForFinishAsync(run.Id);

        Assert.Equal(MigrationState.Completed, done.State);
        Assert.Equal((20L, 20L, 0L), (done.FilesFound, done.FilesCompleted, done.FilesFailed));
        Assert.Equal(20, (await EngineFixture.ListAsync(destination)).Count);
    }

    [Fact]
    public async Task Batch_messages_lost_by_the_broker_are_published_again_when_the_run_stalls_and_the_stall_is_explained()
    {
        var lost = new HashSet<string>();
        _broker.Decide = batch => { lock (lost) return lost.Add(batch.BatchId) ? PublishFault.Lose : PublishFault.None; };
        var (_, run, destination) = await StartAsync(count: 150, size: 64);

        var done = await _engine.WaitForFinishAsync(run.Id);

        Assert.Equal(MigrationState.Completed, done.State);
        Assert.Equal((150L, 150L), (done.FilesFound, done.FilesCompleted));
        Assert.Equal(150, (await EngineFixture.ListAsync(destination)).Count);
        Assert.Contains(await _engine.Runs.GetErrorsAsync(run.Id), e => e.StartsWith("no progress for ", StringComparison.Ordinal)
            && e.EndsWith("wait for a worker; they are published again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_publish_that_never_returns_does_not_block_the_listing()
    {
        var hung = new HashSet<string>();
        _broker.Decide = batch => { lock (hung) return hung.Add(batch.BatchId) ? PublishFault.Hang : PublishFault.None; };
        var (_, run, destination) = await StartAsync(count: 250, size: 64);

        var done = await _engine.WaitForFinishAsync(run.Id);

        Assert.Equal(MigrationState.Completed, done.State);
        Assert.Equal((250L, 250L), (done.FilesFound, done.FilesCompleted));
        Assert.Equal(250, (await EngineFixture.ListAsync(destination)).Count);
    }

    private async Task<(Migration Migration, MigrationRun Run, IObjectStore Destination)> StartAsync(int count, int size, long bandwidth = 0,
        Action<Copying.FaultInjectingObjectStore>? source = null, Action<Copying.FaultInjectingObjectStore>? destination = null)
    {
        var (sourceStore, sourceEndpoint) = await fixture.NewContainerAsync();
        var (destinationStore, destinationEndpoint) = await fixture.NewContainerAsync(streamed: true);
        await EngineFixture.PutAsync(sourceStore, Enumerable.Range(0, count).Select(i => $"obj-{i:D4}"), size);
        if (source is not null) _stores.For(sourceEndpoint.Bucket!, source);
        if (destination is not null) _stores.For(destinationEndpoint.Bucket!, destination);
        var migration = EngineFixture.NewMigration(sourceEndpoint, destinationEndpoint) with { BandwidthLimit = bandwidth };
        return (migration, await LaunchAsync(migration, sourceEndpoint, destinationEndpoint), destinationStore);
    }

    private async Task<MigrationRun> LaunchAsync(Migration migration, EndpointConfig source, EndpointConfig destination) =>
        (await _engine.Launcher.CreateAsync(migration, new(source, destination), CancellationToken.None))!;

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"waited {seconds} s for {what}");
            await Task.Delay(100);
        }
    }
}
