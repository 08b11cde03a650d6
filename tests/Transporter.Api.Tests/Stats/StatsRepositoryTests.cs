using Microsoft.Extensions.Logging.Abstractions;
using Transporter.Api.Stats;
using Transporter.Core.Endpoints;
using Transporter.Core.Migrations;
using Transporter.Core.Reports;
using Transporter.Core.Stats;
using Transporter.Testing.Persistence;

namespace Transporter.Api.Tests.Stats;

/// <summary>Statistics points written by the engine's own write path at known times (a hand-moved clock, starting at
/// 2026-05-01 12:00:00 UTC), read back summed per period, per endpoint type, per window; retention.</summary>
public abstract class StatsRepositoryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Noon = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly MigrationOwner AcmeRoot = new("acme", "root", IsRootUser: true);
    private RepositoryTestContext _ctx = null!;
    private StatsRepository _stats = null!;

    protected abstract Task<RepositoryTestContext> CreateContextAsync();

    public async Task InitializeAsync()
    {
        _ctx = await CreateContextAsync();
        _stats = new StatsRepository(_ctx.Database, _ctx.MigrationDatabase, _ctx.Clock);
    }

    public async Task DisposeAsync() => await _ctx.DisposeAsync();

    private void At(int hour, int minute, int second = 0) => _ctx.Clock.Advance(Noon.AddHours(hour - 12).AddMinutes(minute).AddSeconds(second) - _ctx.Clock.GetUtcNow());

    private async Task<List<StatsPoint>> PointsAsync(StatsScope scope, DateTimeOffset from, DateTimeOffset to, int aggregate)
    {
        var points = new List<StatsPoint>();
        await foreach (var point in _stats.GetPointsAsync(scope, from, to, aggregate)) points.Add(point);
        return points;
    }

    private async Task<MigrationRun> StartAsync(string root = "acme", string user = "root", string sourceType = EndpointType.S3V4,
        string destinationType = EndpointType.S3V4, bool statistics = true)
    {
        var endpoints = new EndpointPair(RepositoryTestContext.Endpoint("src") with { Type = sourceType },
            RepositoryTestContext.Endpoint("dst") with { Type = destinationType });
        var migration = RepositoryTestContext.NewMigration(root, user) with
        {
            EnableStatistics = statistics,
            Source = endpoints.Source.WithoutSecrets(),
            Destination = endpoints.Destination.WithoutSecrets(),
        };
        var run = (await _ctx.Migrations.CreateAsync(migration, endpoints, startNow: true))!;
        Assert.True(await _ctx.Leases.TryClaimListerAsync(run.Id, "lister-1", _ctx.Clock.GetUtcNow().AddDays(365)));
        Assert.True(await _ctx.Runs.TryMoveAsync(run.Id, MigrationState.Started));
        return run;
    }

    [Fact]
    public async Task Points_are_summed_per_period_aligned_on_the_epoch_and_only_where_something_happened()
    {
        var run = await StartAsync();
        var items = RunSeeding.Items("a", 5);
        At(12, 0, 10);
        var first = await RunSeeding.ListAsync(_ctx, run, 0, items.Take(3).ToList());
        At(12, 1, 30);
        await RunSeeding.CopyAsync(_ctx, first, [RepositoryTestContext.Succeeded(items[0]), RepositoryTestContext.Succeeded(items[1]),
            RepositoryTestContext.Failed(items[2])]);
        At(12, 7);
        var second = await RunSeeding.ListAsync(_ctx, run, 1, items.Skip(3).ToList());
        At(12, 9, 59);
        await RunSeeding.CopyAsync(_ctx, second, [RepositoryTestContext.Succeeded(items[3]), RepositoryTestContext.Succeeded(items[4])]);
        var scope = new StatsScope(AcmeRoot, run.MigrationId);

        var perMinute = await PointsAsync(scope, Noon.AddHours(-1), Noon.AddHours(1), 60);
        var fiveMinutes = await PointsAsync(scope, Noon.AddHours(-1), Noon.AddHours(1), 300);
        var hourly = await PointsAsync(scope, Noon.AddHours(-1), Noon.AddHours(1), 3600);
        var window = await PointsAsync(scope, Noon.AddSeconds(90), Noon.AddMinutes(8), 60);

        Assert.Equal(
        [
            new StatsPoint(Noon, 3, 0, 0, 0),
            new StatsPoint(Noon.AddMinutes(1), 0, 2, 1, 1000 + 1001),
            new StatsPoint(Noon.AddMinutes(7), 2, 0, 0, 0),
            new StatsPoint(Noon.AddMinutes(9), 0, 2, 0, 1003 + 1004),
        ], perMinute);
        Assert.Equal([new StatsPoint(Noon, 3, 2, 1, 2001), new StatsPoint(Noon.AddMinutes(5), 2, 2, 0, 2007)], fiveMinutes);
        Assert.Equal([new StatsPoint(Noon, 5, 4, 1, 4008)], hourly);
        // 12:01 overlaps [12:01:30, 12:08:00]; 12:00 ends before it; 12:09 starts after it.
        Assert.Equal([Noon.AddMinutes(1), Noon.AddMinutes(7)], window.Select(p => p.Start));
    }

    [Fact]
    public async Task The_points_of_a_retried_run_sum_exactly_to_its_report_rows_and_counters()
    {
        var run = await StartAsync();
        var items = RunSeeding.Items("r", 4);
        var batch = await RunSeeding.ListAsync(_ctx, run, 0, items);
        Assert.True(await _ctx.Leases.CompleteListingAsync(run.Id, "lister-1"));
        _ctx.Clock.Advance(TimeSpan.FromMinutes(1));
        await RunSeeding.CopyAsync(_ctx, batch, [RepositoryTestContext.Succeeded(items[0]), RepositoryTestContext.Failed(items[1]),
            RepositoryTestContext.Failed(items[2]), RepositoryTestContext.Failed(items[3])]);
        Assert.Equal(MigrationState.CompletedWithErrors, await _ctx.Runs.TryCompleteAsync(run.Id));
        _ctx.Clock.Advance(TimeSpan.FromMinutes(5));
        var retry = await _ctx.Reports.RetryAsync(run.Id);
        var retryBatch = (await _ctx.Batches.TryClaimBatchAsync(Assert.Single(retry!), "worker-1", _ctx.Clock.GetUtcNow().AddSeconds(30)))!;
        await _ctx.Batches.CommitBatchAsync(retryBatch, "worker-1", [RepositoryTestContext.Succeeded(items[1]), RepositoryTestContext.Succeeded(items[2]),
            RepositoryTestContext.Failed(items[3], "again")], []);

        var points = await PointsAsync(new StatsScope(AcmeRoot, run.MigrationId), Noon.AddDays(-1), Noon.AddDays(1), 60);
        var rows = new List<ObjectReport>();
        await foreach (var row in _ctx.ReportReader().StreamAsync(run.Id)) rows.Add(row);
        var counters = (await _ctx.Runs.GetRunAsync(run.Id))!;

        var sums = (points.Sum(p => p.FilesFound), points.Sum(p => p.FilesTransferred), points.Sum(p => p.FilesFailed), points.Sum(p => p.BytesTransferred));
        Assert.Equal((4L, 3L, 1L, 1000L + 1001 + 1002), sums);
        Assert.Equal((rows.Count, rows.Count(r => r.Succeeded), rows.Count(r => !r.Succeeded), rows.Where(r => r.Succeeded).Sum(r => r.BytesCopied)),
            ((int)sums.Item1, (int)sums.Item2, (int)sums.Item3, sums.Item4));
        Assert.Equal((counters.FilesFound, counters.FilesCompleted, counters.FilesFailed, counters.BytesTransmitted), sums);
        // The retry's minute: two fixed (+2 transferred, -2 failed) and one failed again (unchanged).
        Assert.Equal(new StatsPoint(Noon.AddMinutes(6), 0, 2, -2, 1001 + 1002), points[^1]);
    }

    [Fact]
    public async Task A_caller_sees_the_points_of_the_migrations_it_may_see_only()
    {
        var acmeByRoot = await StartAsync("acme", "root");
        var acmeByAlice = await StartAsync("acme", "alice");
        var globex = await StartAsync("globex", "root");
        var quiet = await StartAsync("acme", "root", statistics: false);
        await RunSeeding.CommitAsync(_ctx, acmeByRoot, 0, RunSeeding.Items("x", 1), RepositoryTestContext.Succeeded);
        await RunSeeding.CommitAsync(_ctx, acmeByAlice, 0, RunSeeding.Items("y", 2), RepositoryTestContext.Succeeded);
        await RunSeeding.CommitAsync(_ctx, globex, 0, RunSeeding.Items("z", 4), RepositoryTestContext.Succeeded);
        await RunSeeding.CommitAsync(_ctx, quiet, 0, RunSeeding.Items("q", 8), RepositoryTestContext.Succeeded);
        var alice = new MigrationOwner("acme", "alice", IsRootUser: false);

        async Task<long> Transferred(StatsScope scope) => (await PointsAsync(scope, Noon.AddHours(-1), Noon.AddHours(1), 3600)).Sum(p => p.FilesTransferred);

        Assert.Equal(3, await Transferred(new StatsScope(AcmeRoot)));
        Assert.Equal(2, await Transferred(new StatsScope(alice)));
        Assert.Equal(4, await Transferred(new StatsScope(new MigrationOwner("globex", "root", true))));
        Assert.Equal(1, await Transferred(new StatsScope(AcmeRoot, acmeByRoot.MigrationId)));
        Assert.Equal(0, await Transferred(new StatsScope(AcmeRoot, globex.MigrationId)));
        Assert.Equal(0, await Transferred(new StatsScope(alice, acmeByRoot.MigrationId)));
        Assert.Equal(0, await Transferred(new StatsScope(AcmeRoot, quiet.MigrationId)));
        var initech = await _stats.GetDashboardAsync(new StatsScope(new MigrationOwner("initech", "root", true)), Noon.AddHours(-1), Noon.AddHours(1));
        Assert.Equal(new StatsTotals(0, 0, 0, 0), initech.Totals);
        Assert.Empty(initech.Traffic);
        Assert.Equal(2, (await _stats.GetDashboardAsync(new StatsScope(alice), Noon.AddHours(-1), Noon.AddHours(1))).Totals.FilesTransferred);
    }

    [Fact]
    public async Task The_dashboard_counts_egress_per_source_type_and_ingress_per_destination_type()
    {
        var toLyve = await StartAsync(sourceType: EndpointType.S3V4, destinationType: EndpointType.Lyve);
        var fromAzure = await StartAsync(sourceType: EndpointType.Azure, destinationType: EndpointType.S3V4);
        var lyveToLyve = await StartAsync(sourceType: EndpointType.Lyve, destinationType: EndpointType.Lyve);
        await RunSeeding.CommitAsync(_ctx, toLyve, 0, RunSeeding.Items("a", 2), RepositoryTestContext.Succeeded); // 2001 bytes
        await RunSeeding.CommitAsync(_ctx, fromAzure, 0, RunSeeding.Items("b", 3, first: 10), i => i.Key == "b011"
            ? RepositoryTestContext.Failed(i) : RepositoryTestContext.Succeeded(i)); // 1010 + 1012 bytes
        await RunSeeding.CommitAsync(_ctx, lyveToLyve, 0, RunSeeding.Items("c", 1, first: 100), RepositoryTestContext.Succeeded); // 1100 bytes
        _ctx.Clock.Advance(TimeSpan.FromHours(2));
        await RunSeeding.CommitAsync(_ctx, toLyve, 1, RunSeeding.Items("late", 1), RepositoryTestContext.Succeeded); // outside the range

        var dashboard = await _stats.GetDashboardAsync(new StatsScope(AcmeRoot), Noon.AddMinutes(-30), Noon.AddMinutes(30));

        Assert.Equal(
        [
            KeyValuePair.Create(EndpointType.Azure, new EndpointTraffic(2022, 0)),
            KeyValuePair.Create(EndpointType.Lyve, new EndpointTraffic(1100, 2001 + 1100)),
            KeyValuePair.Create(EndpointType.S3V4, new EndpointTraffic(2001, 2022)),
        ], dashboard.Traffic.OrderBy(t => t.Key, StringComparer.Ordinal));
        Assert.Equal(new StatsTotals(6, 5, 1, 2001 + 2022 + 1100), dashboard.Totals);
    }

    [Fact]
    public async Task Last_speed_sums_the_minutes_of_the_window_and_reports_its_actual_length()
    {
        var run = await StartAsync();
        At(12, 0);
        await RunSeeding.CommitAsync(_ctx, run, 0, RunSeeding.Items("a", 1), RepositoryTestContext.Succeeded);
        At(12, 10, 45);
        await RunSeeding.CommitAsync(_ctx, run, 1, RunSeeding.Items("b", 2), RepositoryTestContext.Succeeded);
        At(12, 29, 5);
        await RunSeeding.CommitAsync(_ctx, run, 2, RunSeeding.Items("c", 3), RepositoryTestContext.Succeeded);
        At(12, 30, 20);
        var scope = new StatsScope(AcmeRoot);

        // 15 minutes before 12:30:20 is 12:15:20: the window starts with the minute 12:15.
        Assert.Equal(new TransferSpeed(3, 3 * 1000 + 3, 920), await _stats.GetLastSpeedAsync(scope, 15));
        Assert.Equal(new TransferSpeed(5, 2001 + 3003, 1220), await _stats.GetLastSpeedAsync(scope, 20));
        Assert.Equal(new TransferSpeed(6, 1000 + 2001 + 3003, 1820), await _stats.GetLastSpeedAsync(scope, 30));
        Assert.Equal(new TransferSpeed(3, 3003, 80), await _stats.GetLastSpeedAsync(scope, 1));
        Assert.Equal(new TransferSpeed(0, 0, 920), await _stats.GetLastSpeedAsync(new StatsScope(new MigrationOwner("globex", "root", true)), 15));
    }

    [Fact]
    public async Task Points_older_than_three_months_are_removed()
    {
        var run = await StartAsync();
        await RunSeeding.CommitAsync(_ctx, run, 0, RunSeeding.Items("old", 1), RepositoryTestContext.Succeeded);
        _ctx.Clock.Advance(TimeSpan.FromDays(45));
        await RunSeeding.CommitAsync(_ctx, run, 1, RunSeeding.Items("recent", 2), RepositoryTestContext.Succeeded);
        var retention = new StatsRetentionService(_stats, _ctx.Clock, NullLogger<StatsRetentionService>.Instance);

        _ctx.Clock.Advance(Noon.AddMonths(3) - _ctx.Clock.GetUtcNow());
        Assert.Equal(0, await retention.RemoveExpiredAsync(CancellationToken.None));
        _ctx.Clock.Advance(TimeSpan.FromMinutes(1).Add(TimeSpan.FromMilliseconds(1)));
        Assert.Equal(1, await retention.RemoveExpiredAsync(CancellationToken.None));

        var left = await PointsAsync(new StatsScope(AcmeRoot), Noon.AddYears(-1), Noon.AddYears(1), 60);
        Assert.Equal([Noon.AddDays(45)], left.Select(p => p.Start));
        Assert.Equal(2, left[0].FilesTransferred);
    }
}
