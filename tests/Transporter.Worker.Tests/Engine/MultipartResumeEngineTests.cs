using Transporter.Core.Migrations;
using Transporter.Testing;
using Transporter.Worker.Tests.Copying;

namespace Transporter.Worker.Tests.Engine;

/// <summary>
/// Multipart copies in whole runs between two built-in stores (S3) over real SQLite: an engine stopped mid-copy leaves the
/// upload and its checkpoint, and the engine started again over the same data continues it; an aborted run's upload is
/// aborted by the LeftoverUploadSweeper, so no parts stay at the destination.
/// </summary>
[Collection(StoresCollection.Name)]
public sealed class MultipartResumeEngineTests(StoresFixture stores) : IAsyncLifetime
{
    private const long MiB = 1024 * 1024;
    private const long Size = 40 * MiB;

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Transporter:Copier:MultipartThreshold"] = (5 * MiB).ToString(),
        ["Transporter:Copier:PartSize"] = (5 * MiB).ToString(),
        ["Transporter:Copier:PartsInFlight"] = "1",
        ["Transporter:UploadSweepSeconds"] = "1",
    };

    private EngineHost _engine = null!;

    public async Task InitializeAsync() => _engine = await EngineHost.StartAsync(RepoPaths.NewTempDir("multipart-resume"), Settings);

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    [Fact]
    public async Task An_engine_stopped_mid_copy_and_started_again_continues_the_upload()
    {
        var (migration, run, destination) = await StartAsync(bandwidth: 4 * MiB);
        await WaitForAsync(async () => await CheckpointedPartsAsync(run.Id) >= 3, "three parts checkpointed");

        var dataDir = _engine.DataDir;
        await _engine.DisposeAsync();
        var leftOpen = await stores.OpenUploadsAsync(stores.Second, destination.Bucket);
        _engine = await EngineHost.StartAsync(dataDir, Settings);
        await _engine.Commands.SetBandwidthAsync([(migration.Id, 0)], CancellationToken.None);
        var done = await _engine.WaitForFinishAsync(run.Id, seconds: 120);

        Assert.Equal(1, leftOpen);
        Assert.Equal(MigrationState.Completed, done.State);
        var report = Assert.Single(await _engine.Reports.GetReportsAsync(run.Id, null, 10));
        Assert.InRange(report.BytesReused ?? 0, 15 * MiB, Size - 5 * MiB);
        Assert.Equal(GeneratedContent.Sha256(Size, 31), await CopierTestKit.Sha256Async(destination, "big.bin"));
        Assert.Equal(0, await stores.OpenUploadsAsync(stores.Second, destination.Bucket));
        Assert.Equal(0, await CheckpointedPartsAsync(run.Id));
    }

    [Fact]
    public async Task The_upload_of_an_aborted_run_is_aborted_and_its_checkpoint_forgotten()
    {
        var (migration, run, destination) = await StartAsync(bandwidth: 2 * MiB);
        await WaitForAsync(async () => await CheckpointedPartsAsync(run.Id) >= 1, "a part checkpointed");
        Assert.Equal(1, await stores.OpenUploadsAsync(stores.Second, destination.Bucket));

        await _engine.Commands.AbortAsync(migration.Id, await _engine.Runs.GetRunAsync(run.Id), CancellationToken.None);

        await WaitForAsync(async () => await stores.OpenUploadsAsync(stores.Second, destination.Bucket) == 0, "the upload aborted");
        await WaitForAsync(async () => await CheckpointsAsync(run.Id) == 0, "the checkpoint forgotten");
        Assert.Null(await destination.StatAsync("big.bin", CancellationToken.None));
        Assert.Equal(MigrationState.Terminated, (await _engine.Runs.GetRunAsync(run.Id))!.State);
    }

    private async Task<(Migration Migration, MigrationRun Run, Core.Storage.IObjectStore Destination)> StartAsync(long bandwidth)
    {
        var (source, sourceEndpoint) = await stores.NewBucketAsync(stores.First);
        var (destination, destinationEndpoint) = await stores.NewBucketAsync(stores.Second);
        await CopierTestKit.PutAsync(source, "big.bin", Size, seed: 31);
        var migration = EngineFixture.NewMigration(sourceEndpoint, destinationEndpoint) with { BandwidthLimit = bandwidth };
        var run = (await _engine.Launcher.CreateAsync(migration, new(sourceEndpoint, destinationEndpoint), CancellationToken.None))!;
        return (migration, run, destination);
    }

    private async Task<int> CheckpointedPartsAsync(Guid runId) =>
        (await _engine.Uploads.GetUploadCheckpointAsync(runId, "big.bin"))?.Parts.Count ?? 0;

    private async Task<int> CheckpointsAsync(Guid runId) => await _engine.Uploads.GetUploadCheckpointAsync(runId, "big.bin") is null ? 0 : 1;

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"waited {seconds} s for {what}");
            await Task.Delay(100);
        }
    }
}
