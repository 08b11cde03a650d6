using System.Data.Common;
using Dapper;
using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;
using Transporter.Core.Persistence;

namespace Transporter.Api.Metrics;

/// <summary>
/// Reads the <see cref="MigrationCensus"/> when /metrics is scraped, at most once per <see cref="MaxAge"/>: several
/// gauges and scrapers share one pair of queries, so a busy scrape schedule costs the database little. Synchronous,
/// because observable instruments are read synchronously.
/// </summary>
public sealed class MigrationCensusReader(Database db, MigrationDatabase migrations, TimeProvider clock, ILogger<MigrationCensusReader> logger)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private MigrationCensus? _last;
    private long _takenAt;
    private bool _schemaReady;

    /// <summary>The census, at most <see cref="MaxAge"/> old; null when the database cannot be read (the gauges are then
    /// absent from the page rather than stale).</summary>
    public MigrationCensus? Current()
    {
        lock (_lock)
        {
            var now = clock.GetTimestamp();
            if (_last is not null && clock.GetElapsedTime(_takenAt, now) < MaxAge) return _last;
            try
            {
                _last = Read();
                _takenAt = now;
            }
            catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException)
            {
                _last = null;
                logger.LogWarning(e, "Could not count migrations and copy batches for /metrics");
            }
            return _last;
        }
    }

    private MigrationCensus Read()
    {
        if (!_schemaReady)
        {
            // The tables may not exist yet on a fresh data dir; the repository creates them as on its own first use.
            migrations.InitializeAsync().GetAwaiter().GetResult();
            _schemaReady = true;
        }
        using var connection = db.Open();
        var states = connection.Query<(long State, long Count)>("""
            SELECT CAST(r.state AS BIGINT), COUNT(*) FROM migration_runs r
            WHERE r.number = (SELECT MAX(x.number) FROM migration_runs x WHERE x.migration_id = r.migration_id)
            GROUP BY r.state
            """).ToDictionary(row => (MigrationState)row.State, row => row.Count);
        var batches = connection.Query<(string Status, long Batches, long Objects)>(
            "SELECT status, COUNT(*), COALESCE(SUM(item_count), 0) FROM copy_batches GROUP BY status").ToList();
        var pending = batches.FirstOrDefault(b => b.Status == "pending");
        var working = batches.FirstOrDefault(b => b.Status == "working");
        return new MigrationCensus(states, pending.Batches, pending.Objects, working.Batches, working.Objects);
    }
}
