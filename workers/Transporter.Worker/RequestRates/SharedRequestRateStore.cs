using Dapper;
using Transporter.Core.Persistence;
using Transporter.Core.RequestRates;

namespace Transporter.Worker.RequestRates;

/// <summary>
/// The allowed request rate of each endpoint, shared by every process on the platform database (table request_rates,
/// schema component "request-rates"), so a throttled answer to one worker slows the whole fleet. Each change is one
/// statement evaluated against the row as it was, with the database server's clock, so concurrent reports halve the
/// rate once per <see cref="RequestRatePolicy.DecreaseInterval"/> and workers whose clocks disagree agree on it.
/// </summary>
/// <remarks>
/// Senders (table request_rate_senders): every call stamps this process (one id per store, so per process) as sending
/// to the endpoint and counts the processes stamped within <see cref="SenderWindow"/>; each paces at its share of the
/// rate. A process that stopped sending drops out of the count after the window, and its row is removed later.
/// </remarks>
public sealed class SharedRequestRateStore(Database db) : IRequestRateStore
{
    public const string Component = "request-rates";

    /// <summary>How recently a process must have reported on an endpoint to count as its sender. A busy process reports
    /// at least once a second (RequestRateRegistry's check interval); a slow one may take longer between answers.</summary>
    public static readonly TimeSpan SenderWindow = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan ForgetSenderAfter = TimeSpan.FromMinutes(10);

    private static readonly SchemaStep[] Steps =
    [
        new(1, _ => """
            CREATE TABLE IF NOT EXISTS request_rates (
                endpoint TEXT PRIMARY KEY,
                rate DOUBLE PRECISION NOT NULL,
                decreased_at DOUBLE PRECISION NOT NULL,
                increased_at DOUBLE PRECISION NOT NULL
            );
            """),
        new(2, _ => """
            CREATE TABLE IF NOT EXISTS request_rate_senders (
                endpoint TEXT NOT NULL,
                sender TEXT NOT NULL,
                seen_at DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (endpoint, sender)
            );
            """),
    ];

    private readonly SchemaGate _schema = new(db, Component, Steps);
    private readonly string _sender = Guid.NewGuid().ToString("N");

    public async Task<RequestRateShare> DecreaseAsync(string endpoint, double observedRate, CancellationToken ct)
    {
        var (now, _, greatest) = Functions;
        var halved = $"{greatest}(@min, (CASE WHEN request_rates.rate > 0 THEN request_rates.rate ELSE {greatest}(@observed, 2 * @min) END) / 2)";
        var due = $"({now} - request_rates.decreased_at >= @interval)";
        return await ExecuteAsync(endpoint, $"""
            INSERT INTO request_rates (endpoint, rate, decreased_at, increased_at) VALUES (@endpoint, @first, {now}, {now})
            ON CONFLICT (endpoint) DO UPDATE SET
                rate = CASE WHEN {due} THEN {halved} ELSE request_rates.rate END,
                increased_at = CASE WHEN {due} THEN {now} ELSE request_rates.increased_at END,
                decreased_at = CASE WHEN {due} THEN {now} ELSE request_rates.decreased_at END
            RETURNING rate
            """, new
        {
            endpoint,
            observed = observedRate,
            first = RequestRatePolicy.Decreased(0, observedRate),
            min = RequestRatePolicy.MinRate,
            interval = RequestRatePolicy.DecreaseInterval.TotalMilliseconds,
        }, ct).ConfigureAwait(false);
    }

    public async Task<RequestRateShare> IncreaseAsync(string endpoint, CancellationToken ct)
    {
        var (now, _, greatest) = Functions;
        var due = $"(rate > 0 AND {now} - increased_at >= @interval)";
        return await ExecuteAsync(endpoint, $"""
            UPDATE request_rates SET
                rate = CASE WHEN rate > 0 AND {now} - decreased_at >= @release THEN 0
                            WHEN {due} THEN rate + {greatest}(1, rate * 0.05) ELSE rate END,
                increased_at = CASE WHEN {due} THEN {now} ELSE increased_at END
            WHERE endpoint = @endpoint
            RETURNING rate
            """, new
        {
            endpoint,
            interval = RequestRatePolicy.IncreaseInterval.TotalMilliseconds,
            release = RequestRatePolicy.ReleaseAfter.TotalMilliseconds,
        }, ct).ConfigureAwait(false);
    }

    public Task<RequestRateShare> GetAsync(string endpoint, CancellationToken ct) =>
        ExecuteAsync(endpoint, "SELECT rate FROM request_rates WHERE endpoint = @endpoint", new { endpoint }, ct);

    /// <summary>The statement's rate (0, unlimited, when the endpoint has no row), and the endpoint's senders counted
    /// after stamping this one.</summary>
    private async Task<RequestRateShare> ExecuteAsync(string endpoint, string sql, object parameters, CancellationToken ct)
    {
        await using var connection = await _schema.OpenAsync(ct).ConfigureAwait(false);
        var rate = await connection.QuerySingleOrDefaultAsync<double?>(new CommandDefinition(sql, parameters, cancellationToken: ct)).ConfigureAwait(false) ?? 0;
        var senders = await connection.ExecuteScalarAsync<long>(new CommandDefinition(SendersSql, new
        {
            endpoint,
            sender = _sender,
            window = SenderWindow.TotalMilliseconds,
            forget = ForgetSenderAfter.TotalMilliseconds,
        }, cancellationToken: ct)).ConfigureAwait(false);
        return new RequestRateShare(rate, (int)Math.Max(1, senders));
    }

    /// <summary>Stamps this sender, forgets senders long gone, and counts the recent ones (this one included).</summary>
    private string SendersSql => $"""
        INSERT INTO request_rate_senders (endpoint, sender, seen_at) VALUES (@endpoint, @sender, {Functions.Now})
        ON CONFLICT (endpoint, sender) DO UPDATE SET seen_at = excluded.seen_at;
        DELETE FROM request_rate_senders WHERE endpoint = @endpoint AND seen_at < {Functions.Now} - @forget;
        SELECT COUNT(*) FROM request_rate_senders WHERE endpoint = @endpoint AND seen_at >= {Functions.Now} - @window;
        """;

    /// <summary>The server's time in milliseconds, and its LEAST/GREATEST, per dialect (as BandwidthBudgetStore).</summary>
    private (string Now, string Least, string Greatest) Functions => db.Provider == DatabaseProvider.Postgres
        ? ("(EXTRACT(EPOCH FROM statement_timestamp())::DOUBLE PRECISION * 1000)", "LEAST", "GREATEST")
        : ("((julianday('now') - 2440587.5) * 86400000.0)", "MIN", "MAX");
}
