using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Transporter.Core.Persistence;
using Transporter.ScaleOut.Tests.Infrastructure;
using Transporter.Worker.Bandwidth;
using Xunit.Abstractions;

namespace Transporter.ScaleOut.Tests;

/// <summary>
/// The shared budget itself, driven as three worker processes drive it: three <see cref="SharedBandwidthLimiter"/>s,
/// each with its own connection pool and budget store, on one PostgreSQL database, each fed by transfers that take
/// budget as fast as it comes.
/// </summary>
[Collection(ScaleOutCollection.Name)]
public sealed class BandwidthBudgetTests(ScaleOutServers servers, ITestOutputHelper output) : IAsyncLifetime
{
    private const long Limit = 2_000_000;
    private readonly List<Database> _databases = [];
    private string _databaseUrl = "";

    public async Task InitializeAsync() => _databaseUrl = await servers.Postgres.CreateDatabaseAsync($"budget_{Guid.NewGuid():N}"[..24]);

    public async Task DisposeAsync()
    {
        foreach (var db in _databases) await db.DisposeAsync();
    }

    [Fact]
    public async Task Three_processes_hungry_for_bandwidth_share_one_limit()
    {
        var migration = Guid.NewGuid();
        var limiters = Enumerable.Range(0, 3).Select(_ => NewProcessLimiter(migration)).ToList();

        var perProcess = await MeasureAsync(limiters, busy: limiters, warmUp: TimeSpan.FromSeconds(1), window: TimeSpan.FromSeconds(10));

        var rate = perProcess.Sum() / 10.0;
        output.WriteLine($"together {rate:0} B/s ({rate / Limit:P1} of the limit); each: {string.Join(", ", perProcess.Select(b => $"{b / 10.0:0}"))}");
        Assert.True(rate >= Limit * 0.9 && rate <= UpperBound(TimeSpan.FromSeconds(10)), $"together {rate:0} B/s of {Limit}");
        // Each got a fair part (none starved), though not necessarily a third.
        Assert.All(perProcess, bytes => Assert.True(bytes / 10.0 > Limit * 0.15, $"one process got {bytes / 10.0:0} B/s of {rate:0}"));
    }

    [Fact]
    public async Task A_process_alone_with_work_gets_the_whole_limit_while_the_others_idle()
    {
        var migration = Guid.NewGuid();
        var limiters = Enumerable.Range(0, 3).Select(_ => NewProcessLimiter(migration)).ToList();

        var perProcess = await MeasureAsync(limiters, busy: [limiters[0]], warmUp: TimeSpan.FromSeconds(1), window: TimeSpan.FromSeconds(10));

        var rate = perProcess[0] / 10.0;
        output.WriteLine($"alone: {rate:0} B/s ({rate / Limit:P1} of the limit)");
        // Not a third (the idle processes take no share); a pump that oversleeps on a loaded machine loses what the
        // bucket cannot save (over its burst window), hence the lower margin; above, the budget's own bound.
        Assert.True(rate >= Limit * 0.9, $"the busy process alone got {rate:0} B/s of {Limit}");
        Assert.True(rate <= UpperBound(TimeSpan.FromSeconds(10)), $"the busy process alone got {rate:0} B/s of {Limit}");
        Assert.Equal([0L, 0L], perProcess.Skip(1));
        Assert.All(limiters.Skip(1), l => Assert.Equal(0, l.LocalTokens));
    }

    [Fact]
    public async Task Unlimited_migrations_never_ask_the_database()
    {
        await using var unreachable = Database.Postgres("Host=127.0.0.1;Port=1;Username=x;Password=x;Database=x;Timeout=1");
        using var limiter = new SharedBandwidthLimiter(Guid.NewGuid(), 0, new BandwidthBudgetStore(unreachable), NullLogger.Instance);

        for (var i = 0; i < 1000; i++) Assert.True(limiter.WaitAsync(1 << 20, CancellationToken.None).IsCompletedSuccessfully);
    }

    /// <summary>The shared budget's guarantee: over any window, at most the limit plus one burst window and one slice.</summary>
    private static double UpperBound(TimeSpan window) =>
        (Limit * window.TotalSeconds + Limit * BandwidthBudgetStore.BurstWindow.TotalSeconds + Limit * SharedBandwidthLimiter.SliceDuration.TotalSeconds)
        / window.TotalSeconds;

    private SharedBandwidthLimiter NewProcessLimiter(Guid migration)
    {
        var db = Database.Postgres(_databaseUrl);
        _databases.Add(db);
        return new SharedBandwidthLimiter(migration, Limit, new BandwidthBudgetStore(db), NullLogger.Instance);
    }

    /// <summary>Runs 4 transfers per busy limiter, each taking 1/50 s of the limit at a time as ThrottledStream does,
    /// and counts per limiter the bytes granted inside the window that follows the warm-up.</summary>
    private static async Task<long[]> MeasureAsync(List<SharedBandwidthLimiter> limiters, List<SharedBandwidthLimiter> busy, TimeSpan warmUp,
        TimeSpan window)
    {
        var counted = new long[limiters.Count];
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(warmUp + window);
        var transfers = busy.SelectMany(limiter => Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var index = limiters.IndexOf(limiter);
            const int Chunk = (int)(Limit / 50);
            try
            {
                while (true)
                {
                    await limiter.WaitAsync(Chunk, stop.Token);
                    var at = clock.Elapsed;
                    if (at >= warmUp && at < warmUp + window) Interlocked.Add(ref counted[index], Chunk);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }))).ToList();
        await Task.WhenAll(transfers);
        foreach (var limiter in limiters) limiter.Dispose();
        return counted;
    }
}
