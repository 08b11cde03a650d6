using Transporter.Core.Migrations;
using Transporter.Testing;

namespace Transporter.Worker.Tests.Engine;

/// <summary>Syncs select objects by comparing listings (simple) or modification times (by-time); preflight and
/// deleteAfterUpload through the engine.</summary>
[Collection(EngineCollection.Name)]
public sealed class SyncEngineTests(EngineFixture fixture) : IAsyncLifetime
{
    private EngineHost _engine = null!;

    public async Task InitializeAsync() => _engine = await EngineHost.StartAsync(RepoPaths.NewTempDir("engine"));

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    private async Task<MigrationRun> RunAsync(Migration migration, EndpointPair endpoints)
    {
        var run = (await _engine.Launcher.CreateAsync(migration, endpoints, CancellationToken.None))!;
        return await _engine.WaitForFinishAsync(run.Id);
    }

    private async Task<string[]> CopiedKeysAsync(Guid runId) =>
        (await _engine.Reports.GetReportsAsync(runId, null, 10_000)).Select(r => r.ObjectKey).ToArray();

    [Fact]
    public async Task A_simple_sync_copies_only_what_the_destination_lacks_or_holds_differently()
    {
        var (source, sourceEndpoint) = await fixture.NewContainerAsync();
        var (destination, destinationEndpoint) = await fixture.NewContainerAsync();
        await EngineFixture.PutAsync(source, ["a", "b", "c", "d", "e"]);
        await EngineFixture.PutAsync(destination, ["a", "c"]);
        await EngineFixture.PutAsync(destination, ["d"], size: 10);
        await EngineFixture.PutAsync(destination, ["z-only-at-destination"]);

        var done = await RunAsync(EngineFixture.NewMigration(sourceEndpoint, destinationEndpoint, MigrationKind.Sync, SyncMode.Simple),
            new(sourceEndpoint, destinationEndpoint));

        Assert.Equal(MigrationState.Completed, done.State);
        Assert.Equal(["b", "d", "e"], await CopiedKeysAsync(done.Id));
        Assert.Equal(3, done.FilesFound);
        Assert.Equal(["a", "b", "c", "d", "e", "z-only-at-destination"], (await EngineFixture.ListAsync(destination)).Select(o => o.Key));
        Assert.Equal(64, (await destination.StatAsync("d", CancellationToken.None))!.Size);
    }

    [Fact]
    public async Task A_by_time_sync_copies_objects_modified_since_the_parents_last_successful_run()
    {
        var (source, sourceEndpoint) = await fixture.NewContainerAsync();
        var (destination, destinationEndpoint) = await fixture.NewContainerAsync();
        await EngineFixture.PutAsync(source, ["k1", "k2", "k3", "k4"]);
        // Listings report modification times to the second.
        await Task.Delay(1100);
        var parent = EngineFixture.NewMigration(sourceEndpoint, destinationEndpoint);
        var first = await RunAsync(parent, new(sourceEndpoint, destinationEndpoint));
        await Task.Delay(1100);
        await EngineFixture.PutAsync(source, ["k2", "k5"], size: 80);

        var sync = EngineFixture.NewMigration(sourceEndpoint, destinationEndpoint, MigrationKind.Sync, SyncMode.ByTime, parent: parent.Id);
        var second = await RunAsync(sync, new(sourceEndpoint, destinationEndpoint));

        Assert.Equal(MigrationState.Completed, first.State);
        Assert.Equal(first.StartedAt, second.Since);
        Assert.Equal(["k2", "k5"], await CopiedKeysAsync(second.Id));
        Assert.Equal(80, (await destination.StatAsync("k2", CancellationToken.None))!.Size);
    }

    [Fact]
    public async Task A_failed_preflight_fails_the_run_with_the_providers_error()
    {
        var (_, destinationEndpoint) = await fixture.NewContainerAsync();
        var missing = fixture.Endpoint("no-such-container");

        var done = await RunAsync(EngineFixture.NewMigration(missing, destinationEndpoint), new(missing, destinationEndpoint));

        Assert.Equal(MigrationState.Failed, done.State);
        Assert.NotNull(done.FinishedAt);
        Assert.StartsWith("preflight: error reading the source: ContainerNotFound", Assert.Single(await _engine.Runs.GetErrorsAsync(done.Id)));
    }

    [Fact]
    public async Task Delete_after_upload_empties_the_source_and_keeps_the_copies()
    {
        var (source, sourceEndpoint) = await fixture.NewContainerAsync();
        var (destination, destinationEndpoint) = await fixture.NewContainerAsync();
        var keys = Enumerable.Range(0, 30).Select(i => $"move/{i:D2}").ToArray();
        await EngineFixture.PutAsync(source, keys);

        var done = await RunAsync(EngineFixture.NewMigration(sourceEndpoint, destinationEndpoint, deleteAfterUpload: true),
            new(sourceEndpoint, destinationEndpoint));

        Assert.Equal((MigrationState.Completed, 30L), (done.State, done.FilesCompleted));
        Assert.Empty(await EngineFixture.ListAsync(source));
        Assert.Equal(keys, (await EngineFixture.ListAsync(destination)).Select(o => o.Key));
    }

    [Fact]
    public async Task A_source_prefix_filters_the_listing_and_keys_keep_their_full_names()
    {
        var (source, sourceEndpoint) = await fixture.NewContainerAsync();
        var (destination, destinationEndpoint) = await fixture.NewContainerAsync();
        await EngineFixture.PutAsync(source, ["photos/a.jpg", "photos/b.jpg", "photosynthesis.txt", "videos/c.mp4"]);
        var prefixed = sourceEndpoint with { Prefix = "photos/" };

        var done = await RunAsync(EngineFixture.NewMigration(prefixed, destinationEndpoint), new(prefixed, destinationEndpoint));

        Assert.Equal(MigrationState.Completed, done.State);
        Assert.Equal(["photos/a.jpg", "photos/b.jpg"], (await EngineFixture.ListAsync(destination)).Select(o => o.Key));
    }
}
