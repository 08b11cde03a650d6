using System.Runtime.CompilerServices;
using Dapper;
using Transporter.Core.Endpoints;
using Transporter.Core.Migrations.Persistence;
using Transporter.Core.Persistence;

namespace Transporter.Core.Stats;

/// <summary>
/// Reads the per-minute statistics points (migration_stats) that the lister and the workers write in the same
/// transactions as batches and report rows (<see cref="BatchRepository"/>), so every sum here agrees with the runs'
/// counters and report rows. Same SQL on SQLite and PostgreSQL.
/// </summary>
public sealed class StatsRepository(Database db, MigrationDatabase migrationDatabase, TimeProvider clock)
{
    private const long MinuteMs = 60_000;

    /// <summary>
    /// Points of <paramref name="scope"/> whose minute overlaps [<paramref name="from"/>, <paramref name="to"/>], summed
    /// per period of <paramref name="aggregateSeconds"/> (a multiple of 60; periods aligned on multiples of it since the
    /// Unix epoch, so 3600 gives whole UTC hours). Periods without activity are absent. Streamed in time order.
    /// </summary>
    public async IAsyncEnumerable<StatsPoint> GetPointsAsync(StatsScope scope, DateTimeOffset from, DateTimeOffset to, int aggregateSeconds,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        if (aggregateSeconds <= 0 || aggregateSeconds % 60 != 0)
            throw new ArgumentOutOfRangeException(nameof(aggregateSeconds), "must be a positive multiple of 60");
        await migrationDatabase.InitializeAsync(ct).ConfigureAwait(false);
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = connection.QueryUnbufferedAsync<PointRow>($"""
            SELECT (s.minute / @period) * @period AS Start, {Sums}
            FROM migration_stats s
            WHERE {Filter(scope)} AND s.minute > @after AND s.minute <= @to
            GROUP BY 1
            ORDER BY 1
            """, Arguments(scope, from, to, new { period = aggregateSeconds * 1000L }));
        await foreach (var row in rows.WithCancellation(ct).ConfigureAwait(false))
            yield return new StatsPoint(DateTimeOffset.FromUnixTimeMilliseconds(row.Start), row.FilesFound, row.FilesTransferred, row.FilesFailed,
                row.BytesTransferred);
    }

    /// <summary>
    /// The dashboard of <paramref name="scope"/> over [<paramref name="from"/>, <paramref name="to"/>]: per endpoint type,
    /// the bytes transferred by migrations reading from it (egress) and writing to it (ingress); and the totals.
    /// </summary>
    public async Task<DashboardStats> GetDashboardAsync(StatsScope scope, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        await migrationDatabase.InitializeAsync(ct).ConfigureAwait(false);
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var perMigration = (await connection.QueryAsync<MigrationSumRow>(new CommandDefinition($"""
            SELECT s.migration_id AS MigrationId, {Sums}
            FROM migration_stats s
            WHERE {Filter(scope)} AND s.minute > @after AND s.minute <= @to
            GROUP BY s.migration_id
            """, Arguments(scope, from, to), cancellationToken: ct)).ConfigureAwait(false)).ToList();

        var types = new Dictionary<string, (string Source, string Destination)>(StringComparer.Ordinal);
        foreach (var chunk in perMigration.Select(m => m.MigrationId).Chunk(500))
        {
            var endpoints = await connection.QueryAsync<(string Id, string Source, string Destination)>(new CommandDefinition(
                "SELECT id, source, destination FROM migrations WHERE " + db.Dialect.IsAnyOf("id", "@ids"), new { ids = chunk },
                cancellationToken: ct)).ConfigureAwait(false);
            foreach (var (id, source, destination) in endpoints) types[id] = (TypeOf(source), TypeOf(destination));
        }

        var traffic = new SortedDictionary<string, EndpointTraffic>(StringComparer.Ordinal);
        long found = 0, transferred = 0, failed = 0, bytes = 0;
        foreach (var m in perMigration)
        {
            found += m.FilesFound;
            transferred += m.FilesTransferred;
            failed += m.FilesFailed;
            bytes += m.BytesTransferred;
            if (!types.TryGetValue(m.MigrationId, out var type)) continue;
            var source = traffic.GetValueOrDefault(type.Source, new EndpointTraffic(0, 0));
            traffic[type.Source] = source with { Egress = source.Egress + m.BytesTransferred };
            var destination = traffic.GetValueOrDefault(type.Destination, new EndpointTraffic(0, 0));
            traffic[type.Destination] = destination with { Ingress = destination.Ingress + m.BytesTransferred };
        }
        return new DashboardStats(traffic, new StatsTotals(found, transferred, failed, bytes));
    }

    /// <summary>
    /// Objects and bytes transferred within <paramref name="scope"/> during the last <paramref name="minutes"/> minutes.
    /// Points are per minute, so the window starts at the beginning of the minute <paramref name="minutes"/> minutes
    /// ago; <see cref="TransferSpeed.IntervalSeconds"/> is that window's actual length up to now.
    /// </summary>
    public async Task<TransferSpeed> GetLastSpeedAsync(StatsScope scope, int minutes, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minutes);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var start = (now - minutes * MinuteMs) / MinuteMs * MinuteMs;
        await migrationDatabase.InitializeAsync(ct).ConfigureAwait(false);
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var (objects, bytes) = await connection.QuerySingleAsync<(long, long)>(new CommandDefinition($"""
            SELECT CAST(COALESCE(SUM(s.files_transferred), 0) AS BIGINT), CAST(COALESCE(SUM(s.bytes_transferred), 0) AS BIGINT)
            FROM migration_stats s
            WHERE {Filter(scope)} AND s.minute >= @start
            """, new { root = scope.Owner.Root, username = scope.Owner.UserName, migrationId = MigrationId(scope), start },
            cancellationToken: ct)).ConfigureAwait(false);
        return new TransferSpeed(objects, bytes, (int)((now - start) / 1000));
    }

    /// <summary>Removes every point older than <paramref name="cutoff"/> (retention); returns how many.</summary>
    public async Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken ct = default)
    {
        await migrationDatabase.InitializeAsync(ct).ConfigureAwait(false);
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM migration_stats WHERE minute < @cutoff", new { cutoff = cutoff.ToUnixTimeMilliseconds() }, cancellationToken: ct))
            .ConfigureAwait(false);
    }

    // SUM of BIGINT is NUMERIC on PostgreSQL: cast back so both providers read longs.
    private const string Sums = """
        CAST(SUM(s.files_found) AS BIGINT) AS FilesFound, CAST(SUM(s.files_transferred) AS BIGINT) AS FilesTransferred,
        CAST(SUM(s.files_failed) AS BIGINT) AS FilesFailed, CAST(SUM(s.bytes_transferred) AS BIGINT) AS BytesTransferred
        """;

    private static string Filter(StatsScope scope) =>
        "s.root = @root"
        + (scope.MigrationId is null ? "" : " AND s.migration_id = @migrationId")
        + (scope.Owner.IsRootUser ? "" : " AND s.migration_id IN (SELECT m.id FROM migrations m WHERE m.root = @root AND m.username = @username)");

    private static DynamicParameters Arguments(StatsScope scope, DateTimeOffset from, DateTimeOffset to, object? more = null)
    {
        var args = new DynamicParameters(new
        {
            root = scope.Owner.Root,
            username = scope.Owner.UserName,
            migrationId = MigrationId(scope),
            // A point holds its minute [minute, minute + 60 s): it overlaps the range when it starts after from - 60 s.
            after = from.ToUnixTimeMilliseconds() - MinuteMs,
            to = to.ToUnixTimeMilliseconds(),
        });
        if (more is not null) args.AddDynamicParams(more);
        return args;
    }

    private static string? MigrationId(StatsScope scope) => scope.MigrationId?.ToString("D");

    private static string TypeOf(string endpointJson) => MigrationJson.Read<EndpointConfig>(endpointJson).Type ?? "unknown";

    private sealed class PointRow
    {
        public long Start { get; set; }
        public long FilesFound { get; set; }
        public long FilesTransferred { get; set; }
        public long FilesFailed { get; set; }
        public long BytesTransferred { get; set; }
    }

    private sealed class MigrationSumRow
    {
        public string MigrationId { get; set; } = "";
        public long FilesFound { get; set; }
        public long FilesTransferred { get; set; }
        public long FilesFailed { get; set; }
        public long BytesTransferred { get; set; }
    }
}
