using Dapper;
using Transporter.Core.Bandwidth;
using Transporter.Core.Persistence;

namespace Transporter.Worker.Bandwidth;

/// <summary>
/// The bandwidth budget of each migration, shared by every process on the platform database: one token-bucket row per
/// migration (table bandwidth_budgets, schema component "bandwidth"), refilled at the migration's limit and capped at
/// <see cref="BurstWindow"/> of it. <see cref="TakeAsync"/> updates the row in one statement, so
/// concurrent workers never spend the same bytes twice, and takes the time from the database server, so workers
/// whose clocks disagree still refill the bucket exactly once per elapsed millisecond.
/// </summary>
/// <remarks>
/// A request is granted in full whenever the bucket is not in debt, possibly taking it below zero (so requests of any
/// size complete); later requests get nothing until the refill has paid the debt, and learn how long that takes. Over
/// any window the bytes granted stay within the limit plus one burst window and one request.
/// </remarks>
public sealed class BandwidthBudgetStore(Database db)
{
    public const string Component = "bandwidth";

    /// <summary>How much budget the bucket saves up while nobody asks: twice the in-process bucket's
    /// (<see cref="BandwidthLimiter.BurstWindow"/>), because requests travel through the database and the gates of a busy
    /// machine may oversleep; budget is lost only when no worker asks for this long. It bounds the burst after an idle
    /// spell: over 30 s, at most 1.7% more than the limit.</summary>
    public static readonly TimeSpan BurstWindow = TimeSpan.FromMilliseconds(500);

    private static readonly SchemaStep[] Steps =
    [
        // granted: scratch column through which the upsert returns what this request got.
        new(1, _ => """
            CREATE TABLE IF NOT EXISTS bandwidth_budgets (
                migration_id TEXT PRIMARY KEY,
                tokens DOUBLE PRECISION NOT NULL,
                refilled_at DOUBLE PRECISION NOT NULL,
                granted DOUBLE PRECISION NOT NULL
            );
            """),
    ];

    private readonly SchemaGate _schema = new(db, Component, Steps);
    private string? _takeSql;

    /// <summary>Takes <paramref name="bytes"/> from the migration's budget, which refills at
    /// <paramref name="bytesPerSecond"/> (the limit as this process knows it; processes agree within a poll).</summary>
    public async Task<BudgetGrant> TakeAsync(Guid migrationId, long bytes, long bytesPerSecond, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytesPerSecond);
        await using var connection = await _schema.OpenAsync(ct).ConfigureAwait(false);
        var (granted, tokens) = await connection.QuerySingleAsync<(double Granted, double Tokens)>(new CommandDefinition(TakeSql, new
        {
            id = migrationId.ToString("D"),
            want = (double)bytes,
            rate = (double)bytesPerSecond,
            cap = Math.Max(1, bytesPerSecond * BurstWindow.TotalSeconds),
        }, cancellationToken: ct)).ConfigureAwait(false);
        return granted > 0
            ? new BudgetGrant(bytes, TimeSpan.Zero)
            : new BudgetGrant(0, TimeSpan.FromSeconds(Math.Max(0, -tokens) / bytesPerSecond));
    }

    /// <summary>Creates the table; <see cref="TakeAsync"/> does it on first use.</summary>
    public Task InitializeAsync(CancellationToken ct = default) => _schema.EnsureAsync(ct);

    private string TakeSql => _takeSql ??= BuildTakeSql(db.Provider);

    /// <summary>One upsert: the first request of a migration creates its row and is granted at once; later ones refill
    /// the bucket for the time elapsed since the last request, then take from it if it is not in debt. PostgreSQL and
    /// SQLite evaluate every SET expression against the row as it was, and re-read the row after waiting for a
    /// concurrent update, so the arithmetic is atomic.</summary>
    private static string BuildTakeSql(DatabaseProvider provider)
    {
        var (now, least, greatest) = provider == DatabaseProvider.Postgres
            ? ("(EXTRACT(EPOCH FROM statement_timestamp())::DOUBLE PRECISION * 1000)", "LEAST", "GREATEST")
            : ("((julianday('now') - 2440587.5) * 86400000.0)", "MIN", "MAX");
        var available = $"{least}(@cap, bandwidth_budgets.tokens + {greatest}(0, {now} - bandwidth_budgets.refilled_at) * @rate / 1000.0)";
        var take = $"(CASE WHEN {available} >= 0 THEN @want ELSE 0 END)";
        return $"""
            INSERT INTO bandwidth_budgets (migration_id, tokens, refilled_at, granted) VALUES (@id, -@want, {now}, @want)
            ON CONFLICT (migration_id) DO UPDATE SET
                granted = {take},
                tokens = {available} - {take},
                refilled_at = {greatest}(bandwidth_budgets.refilled_at, {now})
            RETURNING granted, tokens
            """;
    }
}
