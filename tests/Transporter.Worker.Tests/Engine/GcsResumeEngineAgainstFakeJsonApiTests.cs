using Transporter.Connectors.Gcs;
using Transporter.Core.Migrations;
using Transporter.Testing;
using Transporter.Testing.Gcs;
using Transporter.Worker.Tests.Copying;

namespace Transporter.Worker.Tests.Engine;

/// <summary>
/// Copies into GCS in whole runs, from the built-in store (S3) over real SQLite, against the FAKE GCS JSON API
/// (<see cref="FakeGcsServer"/>; no real GCS runs here): an engine stopped mid-copy leaves the resumable session and its
/// checkpoint, and the engine started again over the same data continues the session instead of sending the object
/// again; an aborted run's session is cancelled by the LeftoverUploadSweeper.
/// </summary>
[Collection(StoresCollection.Name)]
public sealed class GcsResumeEngineAgainstFakeJsonApiTests(StoresFixture stores) : IAsyncLifetime
{
    private const long MiB = 1024 * 1024;
    private const long Size = 40 * MiB;

    private static readonly Dictionary<string, string?> Settings = new() { ["Transporter:UploadSweepSeconds"] = "1" };

    private readonly GcsStoreProvider _provider = new();
    private EngineHost _engine = null!;
    private FakeGcsServer _gcs = null!;

    public async Task InitializeAsync()
    {
        _gcs = await FakeGcsServer.StartAsync();
        _engine = await EngineHost.StartAsync(RepoPaths.NewTempDir("gcs-resume"), Settings);
    }

    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        await _gcs.DisposeAsync();
        _provider.Dispose();
    }

    [Fact]
    public async Task An_engine_stopped_mid_copy_and_started_again_continues_the_GCS_session()
    {
        var (migration, run, destination) = await StartAsync(bandwidth: 4 * MiB);
        // The engine's GCS chunks are 8 MiB: two of them held.
        await WaitForAsync(() => Task.FromResult(_gcs.SessionProgress.Values.DefaultIfEmpty().Max() >= 16 * MiB), "16 MiB in the session");

        var dataDir = _engine.DataDir;
        await _engine.DisposeAsync();
        var held = _gcs.SessionProgress.Values.Max();
        var sentBefore = _gcs.UploadBytesReceived;
        Assert.Equal(1, _gcs.OpenSessions);
        _engine = await EngineHost.StartAsync(dataDir, Settings);
        await _engine.Commands.SetBandwidthAsync([(migration.Id, 0)], CancellationToken.None);
        var done = await _engine.WaitForFinishAsync(run.Id, seconds: 120);

        Assert.Equal(MigrationState.Completed, done.State);
        var report = Assert.Single(await _engine.Reports.GetReportsAsync(run.Id, null, 10));
        Assert.Equal(held, report.BytesReused);
        Assert.Equal(Size - held, _gcs.UploadBytesReceived - sentBefore);
        Assert.True(report.Verified);
        Assert.Equal(GeneratedContent.Sha256(Size, 51), await CopierTestKit.Sha256Async(destination, "big.bin"));
        Assert.Equal(0, _gcs.OpenSessions);
        Assert.Null(await _engine.Uploads.GetUploadCheckpointAsync(run.Id, "big.bin"));
    }

    [Fact]
    public async Task The_session_of_an_aborted_run_is_cancelled_and_its_checkpoint_forgotten()
    {
        var (migration, run, destination) = await StartAsync(bandwidth: 2 * MiB);
        await WaitForAsync(async () => await _engine.Uploads.GetUploadCheckpointAsync(run.Id, "big.bin") is not null, "the session checkpointed");
        Assert.Equal(1, _gcs.OpenSessions);

        await _engine.Commands.AbortAsync(migration.Id, await _engine.Runs.GetRunAsync(run.Id), CancellationToken.None);

        await WaitForAsync(() => Task.FromResult(_gcs.OpenSessions == 0), "the session cancelled");
        await WaitForAsync(async () => await _engine.Uploads.GetUploadCheckpointAsync(run.Id, "big.bin") is null, "the checkpoint forgotten");
        Assert.Contains(_gcs.Requests, r => r.Method == "DELETE" && r.Path.StartsWith("/upload/", StringComparison.Ordinal));
        Assert.Null(await destination.StatAsync("big.bin", CancellationToken.None));
        Assert.Equal(MigrationState.Terminated, (await _engine.Runs.GetRunAsync(run.Id))!.State);
    }

    private async Task<(Migration Migration, MigrationRun Run, Core.Storage.IObjectStore Destination)> StartAsync(long bandwidth)
    {
        var (source, sourceEndpoint) = await stores.NewBucketAsync(stores.First);
        await CopierTestKit.PutAsync(source, "big.bin", Size, seed: 51);
        var bucket = "gcs-" + Guid.NewGuid().ToString("N")[..12];
        _gcs.CreateBucket(bucket);
        var destinationEndpoint = _gcs.EndpointFor(bucket);
        var migration = EngineFixture.NewMigration(sourceEndpoint, destinationEndpoint) with { BandwidthLimit = bandwidth };
        var run = (await _engine.Launcher.CreateAsync(migration, new(sourceEndpoint, destinationEndpoint), CancellationToken.None))!;
        return (migration, run, _provider.Open(destinationEndpoint));
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"waited {seconds} s for {what}");
            await Task.Delay(50);
        }
    }
}
