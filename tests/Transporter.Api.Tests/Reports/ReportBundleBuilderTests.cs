using Transporter.Api.Reports;
using Transporter.Core.Migrations;
using Transporter.Testing;
using Transporter.Testing.Persistence;

namespace Transporter.Api.Tests.Reports;

/// <summary>The preparation path from a real SQLite database to a bundle file: database reading and CSV writing side by
/// side, and a stop or a failure on either side leaves nothing behind and nothing running.</summary>
public sealed class ReportBundleBuilderTests : IAsyncLifetime
{
    private RepositoryTestContext _ctx = null!;
    private string _dir = null!;
    private ReportBundleBuilder _builder = null!;

    public Task InitializeAsync()
    {
        _ctx = RepositoryTestContext.Sqlite();
        _dir = RepoPaths.NewTempDir("bundle-builder");
        _builder = new ReportBundleBuilder(_ctx.ReportReader(), new ReportBundleWriter(_ctx.Clock));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _ctx.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<(Migration, MigrationRun)> RunAsync(int objects)
    {
        var (migration, run) = await _ctx.StartedRunAsync();
        for (var seq = 0; seq * 100 < objects; seq++)
            await RunSeeding.CommitAsync(_ctx, run, seq, RunSeeding.Items($"b{seq:D4}-", Math.Min(100, objects - seq * 100)),
                item => item.Key.EndsWith('3') ? RepositoryTestContext.Failed(item) : RepositoryTestContext.Succeeded(item));
        return (migration, (await _ctx.Runs.GetRunAsync(run.Id))!);
    }

    [Fact]
    public async Task Every_row_of_the_run_reaches_the_bundle()
    {
        var (migration, run) = await RunAsync(2_345);

        var bundle = await _builder.BuildAsync(migration, run, Path.Combine(_dir, "b.tar.gz"));

        Assert.Equal((2_345 - 235L, 235L), (bundle.ObjectsSucceeded, bundle.ObjectsFailed));
        Assert.Equal(Enumerable.Range(0, 2_345).Where(i => i % 100 % 10 != 3).Sum(i => 1000L + i % 100), bundle.BytesCopied);
        Assert.True(new FileInfo(bundle.Path).Length == bundle.SizeBytes);
    }

    [Fact]
    public async Task A_stopped_build_throws_and_leaves_no_file()
    {
        var (migration, run) = await RunAsync(50_000);
        using var stop = new CancellationTokenSource();

        var build = _builder.BuildAsync(migration, run, Path.Combine(_dir, "b.tar.gz"), stop.Token);
        // Stop it mid-way: once rows have reached a spool file (a fixed delay raced the build on a fast machine).
        while (!build.IsCompleted && !Directory.GetFiles(_dir, "*.tmp").Any(f => new FileInfo(f).Length > 0)) await Task.Delay(1);
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => build);

        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public async Task A_writer_that_cannot_write_fails_the_build_without_leaving_the_reader_hanging()
    {
        var (migration, run) = await RunAsync(5_000);
        var blocked = Path.Combine(_dir, "not-a-directory");
        await File.WriteAllTextAsync(blocked, "");

        var failure = await Record.ExceptionAsync(() => _builder.BuildAsync(migration, run, Path.Combine(blocked, "b.tar.gz")).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.IsAssignableFrom<IOException>(failure);
        // The reader let go of the database: its rows can be streamed again at once.
        var count = 0;
        await foreach (var _ in _ctx.ReportReader().StreamAsync(run.Id)) count++;
        Assert.Equal(5_000, count);
    }
}
