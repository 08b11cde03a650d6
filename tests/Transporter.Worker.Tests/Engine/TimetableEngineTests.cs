using Microsoft.Extensions.DependencyInjection;
using Transporter.Core.Bandwidth;
using Transporter.Core.Migrations;
using Transporter.Testing;

namespace Transporter.Worker.Tests.Engine;

/// <summary>A bandwidth timetable switched live during a run: the engine's clock starts five seconds before a window
/// closes, so the run copies under the window's limit, then at full speed from the boundary on.</summary>
[Collection(EngineCollection.Name)]
public sealed class TimetableEngineTests(EngineFixture fixture) : IAsyncLifetime
{
    private readonly ShiftedClock _clock = new();
    private EngineHost _engine = null!;

    public async Task InitializeAsync() =>
        _engine = await EngineHost.StartAsync(RepoPaths.NewTempDir("engine-timetable"), services: s => s.AddSingleton<TimeProvider>(_clock));

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    [Fact]
    public async Task A_run_slowed_by_a_window_speeds_up_when_the_window_closes()
    {
        var (source, sourceEndpoint) = await fixture.NewContainerAsync();
        var (destination, destinationEndpoint) = await fixture.NewContainerAsync(streamed: true);
        var keys = Enumerable.Range(0, 60).Select(i => $"obj-{i:D3}").ToArray();
        await EngineFixture.PutAsync(source, keys, size: 1000);

        // The engine's clock now reads 5 s before a minute boundary; the window is the minute before it, at 3,000 bytes
        // per second (60 kB would take 20 s); outside it the migration has no limit.
        var now = DateTimeOffset.UtcNow;
        var boundary = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(2);
        _clock.Offset = boundary - TimeSpan.FromSeconds(5) - now;
        var window = new BandwidthWindow
        {
            Days = "Daily",
            From = boundary.AddMinutes(-1).ToString("HH:mm"),
            To = boundary.TimeOfDay == TimeSpan.Zero ? "24:00" : boundary.ToString("HH:mm"),
            Limit = 3000,
        };
        var migration = EngineFixture.NewMigration(sourceEndpoint, destinationEndpoint) with
        {
            Controls = new MigrationControls { BandwidthTimetable = [window] },
        };
        var started = DateTimeOffset.UtcNow;
        var run = (await _engine.Launcher.CreateAsync(migration, new(sourceEndpoint, destinationEndpoint), CancellationToken.None))!;
        var done = await _engine.WaitForFinishAsync(run.Id);
        var took = DateTimeOffset.UtcNow - started;

        Assert.Equal((MigrationState.Completed, 60L), (done.State, done.FilesCompleted));
        Assert.Equal(keys, (await EngineFixture.ListAsync(destination)).Select(o => o.Key));
        // Limited until the boundary (it cannot have finished sooner), then unlimited (far sooner than the 20 s at 3 kB/s).
        Assert.True(done.FinishedAt >= boundary, $"finished at {done.FinishedAt:O}, before the boundary {boundary:O}");
        Assert.InRange(took.TotalSeconds, 4, 14);
    }
}
