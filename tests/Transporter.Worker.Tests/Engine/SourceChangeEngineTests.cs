using Transporter.Core.Migrations;
using Transporter.Testing;

namespace Transporter.Worker.Tests.Engine;

/// <summary>
/// A source object overwritten between the listing and its copy, in a whole run over real SQLite and Azurite: the copy
/// is held by the FaultInjectingProvider test double until the object was overwritten. That object fails with
/// SourceChanged (its report row and the run's errors say so) and the others are copied; POST /retry then copies the
/// new version.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class SourceChangeEngineTests(EngineFixture fixture) : IAsyncLifetime
{
    private EngineHost _engine = null!;
    private FaultInjectingProvider _stores = null!;

    public async Task InitializeAsync() => _engine = await EngineHost.StartAsync(RepoPaths.NewTempDir("source-change"),
        services: services => _stores = FaultInjectingProvider.Install(services));

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    [Fact]
    public async Task An_object_overwritten_after_the_listing_fails_with_SourceChanged_and_a_retry_copies_its_new_version()
    {
        var (source, sourceEndpoint) = await fixture.NewContainerAsync();
        var (destination, destinationEndpoint) = await fixture.NewContainerAsync(streamed: true);
        await EngineFixture.PutAsync(source, ["a", "b", "c"]);
        var gate = new TaskCompletionSource();
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _stores.For(sourceEndpoint.Bucket!, store => (store.ReadGate, store.ReadHeld) = (gate.Task, held));

        var migration = EngineFixture.NewMigration(sourceEndpoint, destinationEndpoint);
        var run = (await _engine.Launcher.CreateAsync(migration, new(sourceEndpoint, destinationEndpoint), CancellationToken.None))!;
        await held.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await EngineFixture.PutAsync(source, ["b"], size: 100);
        gate.SetResult();
        var done = await _engine.WaitForFinishAsync(run.Id);

        Assert.Equal(MigrationState.CompletedWithErrors, done.State);
        Assert.Equal((3L, 2L, 1L), (done.FilesFound, done.FilesCompleted, done.FilesFailed));
        var failed = Assert.Single(await _engine.Reports.GetReportsAsync(run.Id, null, 10), r => !r.Succeeded);
        Assert.Equal("b", failed.ObjectKey);
        Assert.StartsWith("SourceChanged: the source changed during the copy", failed.SourceReadingErr);
        Assert.Contains(await _engine.Runs.GetErrorsAsync(run.Id), e => e.Contains("'b': SourceChanged", StringComparison.Ordinal));
        Assert.Equal(["a", "c"], (await EngineFixture.ListAsync(destination)).Select(o => o.Key));

        Assert.True(await _engine.Commands.RetryAsync(migration.Id, done, CancellationToken.None));
        var retried = await _engine.WaitForFinishAsync(run.Id);

        Assert.Equal(MigrationState.Completed, retried.State);
        Assert.Equal((3L, 3L, 0L), (retried.FilesFound, retried.FilesCompleted, retried.FilesFailed));
        Assert.Equal("b".PadRight(100, '.'), await EngineFixture.ReadTextAsync(destination, "b"));
    }
}
