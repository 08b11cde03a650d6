using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Transporter.Core.Bandwidth;
using Transporter.Core.Migrations.Persistence;
using Transporter.Worker.Resilience;

namespace Transporter.Worker.Control;

/// <summary>
/// Keeps this process's workers and listers in step with the database: twice a second it reads the state of every run
/// they work on and the bandwidth limit of its migration (one query each), fires <see cref="RunSignals"/> on pause and
/// abort, and sets the migration's limiter to the limit in force (its bandwidth timetable's window, else its stored
/// limit). So POST /pause, /abort, /bandwidth and the timetable's boundaries act within a second in every process,
/// embedded or distributed.
/// </summary>
public sealed class MigrationControl(
    MigrationRepository migrations, RunRepository runs, IBandwidthLimiterRegistry limiters, ILogger<MigrationControl> logger, TimeProvider clock)
    : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    private readonly Dictionary<Guid, Tracked> _runs = [];

    /// <summary>Starts watching the run until the returned handle is disposed (handles are counted). Take the migration's
    /// limiter from the registry only while holding a handle: the last handle of a migration drops its limiter.</summary>
    public RunTracking Track(Guid migrationId, Guid runId)
    {
        lock (_runs)
        {
            if (!_runs.TryGetValue(runId, out var tracked)) _runs[runId] = tracked = new Tracked(new RunSignals(migrationId, runId));
            tracked.Count++;
            return new RunTracking(tracked.Signals, () => Untrack(runId));
        }
    }

    private void Untrack(Guid runId)
    {
        lock (_runs)
        {
            if (!_runs.TryGetValue(runId, out var tracked) || --tracked.Count > 0) return;
            _runs.Remove(runId);
            // The limiter lives while some run of its migration is worked on here; a later run starts from the stored limit.
            if (!_runs.Values.Any(t => t.Signals.MigrationId == tracked.Signals.MigrationId)) limiters.Remove(tracked.Signals.MigrationId);
        }
    }

    /// <summary>Reads the states and limits once (the loop calls it every <see cref="PollInterval"/>).</summary>
    public async Task PollAsync(CancellationToken ct)
    {
        List<Tracked> tracked;
        lock (_runs) tracked = [.. _runs.Values];
        if (tracked.Count == 0) return;
        var states = await runs.GetRunStatesAsync(tracked.Select(t => t.Signals.RunId).ToList(), ct).ConfigureAwait(false);
        // The limit in force now: a bandwidth timetable switches here, in every process at the same minute.
        var limits = await migrations.GetBandwidthAsync(tracked.Select(t => t.Signals.MigrationId).Distinct().ToList(), clock.GetUtcNow(), ct)
            .ConfigureAwait(false);
        foreach (var t in tracked)
            t.Signals.Observe(states.TryGetValue(t.Signals.RunId, out var state) ? state : null);
        lock (_runs)
        {
            foreach (var (migrationId, limit) in limits)
            {
                if (!_runs.Values.Any(t => t.Signals.MigrationId == migrationId)) continue;
                var limiter = limiters.GetOrCreate(migrationId, limit);
                if (limiter.BytesPerSecond != limit) limiter.SetRate(limit);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = new LoopBackoff(logger, "Reading the state of running migrations");
        using var timer = new PeriodicTimer(PollInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await PollAsync(stoppingToken).ConfigureAwait(false);
                backoff.Succeeded();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await Task.Delay(backoff.Failed(e), stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private sealed class Tracked(RunSignals signals)
    {
        public RunSignals Signals { get; } = signals;
        public int Count { get; set; }
    }
}
