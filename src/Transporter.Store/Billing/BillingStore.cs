using Dapper;
using Transporter.Core.Persistence;
using static Transporter.Core.Persistence.UnixTime;

namespace Transporter.Store.Billing;

/// <summary>The billing tables in the platform database: counters added per minute and per day (so several store
/// processes add up), the day's used space set, and old rows pruned.</summary>
internal sealed class BillingStore(Database db)
{
    public static readonly TimeSpan MinuteRetention = TimeSpan.FromDays(2);
    public static readonly TimeSpan DayRetention = TimeSpan.FromDays(400);

    private readonly SchemaGate _schema = new(db, BillingSchema.Component, BillingSchema.Steps);

    /// <summary>Adds one root's counts of one minute to that minute's and that day's rows, in one transaction.</summary>
    public async Task AddAsync(string root, DateTimeOffset minute, UsageCounts counts, CancellationToken ct)
    {
        var day = minute.UtcDateTime.Date;
        await using var connection = await _schema.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await connection.ExecuteAsync("""
            INSERT INTO billing_minutes (root_name, minute, upload_bytes, upload_objects, download_bytes, delete_bytes, delete_objects)
            VALUES (@root, @minute, @UploadBytes, @UploadObjects, @DownloadBytes, @DeleteBytes, @DeleteObjects)
            ON CONFLICT (root_name, minute) DO UPDATE SET upload_bytes = billing_minutes.upload_bytes + excluded.upload_bytes,
                upload_objects = billing_minutes.upload_objects + excluded.upload_objects,
                download_bytes = billing_minutes.download_bytes + excluded.download_bytes,
                delete_bytes = billing_minutes.delete_bytes + excluded.delete_bytes,
                delete_objects = billing_minutes.delete_objects + excluded.delete_objects
            """, new { root, minute = minute.ToUnixTimeMilliseconds(), counts.UploadBytes, counts.UploadObjects, counts.DownloadBytes,
            counts.DeleteBytes, counts.DeleteObjects }, tx).ConfigureAwait(false);
        await connection.ExecuteAsync("""
            INSERT INTO billing_days (root_name, day, upload_bytes, download_bytes, delete_bytes, used_space, object_count)
            VALUES (@root, @day, @UploadBytes, @DownloadBytes, @DeleteBytes, 0, 0)
            ON CONFLICT (root_name, day) DO UPDATE SET upload_bytes = billing_days.upload_bytes + excluded.upload_bytes,
                download_bytes = billing_days.download_bytes + excluded.download_bytes,
                delete_bytes = billing_days.delete_bytes + excluded.delete_bytes
            """, new { root, day = new DateTimeOffset(day, TimeSpan.Zero).ToUnixTimeMilliseconds(), counts.UploadBytes, counts.DownloadBytes,
            counts.DeleteBytes }, tx).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Sets the root's used space and object count of the day of <paramref name="at"/>.</summary>
    public async Task SetSpaceAsync(string root, DateTimeOffset at, long usedSpace, long objectCount, CancellationToken ct)
    {
        var day = new DateTimeOffset(at.UtcDateTime.Date, TimeSpan.Zero).ToUnixTimeMilliseconds();
        await using var connection = await _schema.OpenAsync(ct).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO billing_days (root_name, day, upload_bytes, download_bytes, delete_bytes, used_space, object_count)
            VALUES (@root, @day, 0, 0, 0, @usedSpace, @objectCount)
            ON CONFLICT (root_name, day) DO UPDATE SET used_space = excluded.used_space, object_count = excluded.object_count
            """, new { root, day, usedSpace, objectCount }, cancellationToken: ct)).ConfigureAwait(false);
    }

    /// <summary>The root's days from <paramref name="from"/> to <paramref name="till"/> (both days included), newest first.</summary>
    public async Task<IReadOnlyList<BillingDay>> ListDaysAsync(string root, DateTimeOffset from, DateTimeOffset till, CancellationToken ct)
    {
        await using var connection = await _schema.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<DayRow>(new CommandDefinition("""
            SELECT day AS Day, upload_bytes AS UploadBytes, download_bytes AS DownloadBytes, delete_bytes AS DeleteBytes, used_space AS UsedSpace,
                   object_count AS ObjectCount
            FROM billing_days WHERE root_name = @root AND day >= @from AND day <= @till ORDER BY day DESC
            """, new
        {
            root, from = new DateTimeOffset(from.UtcDateTime.Date, TimeSpan.Zero).ToUnixTimeMilliseconds(),
            till = new DateTimeOffset(till.UtcDateTime.Date, TimeSpan.Zero).ToUnixTimeMilliseconds(),
        }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => new BillingDay(FromMs(r.Day), r.UploadBytes, r.DownloadBytes, r.DeleteBytes, r.UsedSpace, r.ObjectCount)).ToList();
    }

    /// <summary>The root's minutes in [<paramref name="from"/>, <paramref name="until"/>), newest first.</summary>
    public async Task<IReadOnlyList<BillingMinute>> ListMinutesAsync(string root, DateTimeOffset from, DateTimeOffset until, CancellationToken ct)
    {
        await using var connection = await _schema.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<MinuteRow>(new CommandDefinition("""
            SELECT minute AS Minute, upload_bytes AS UploadBytes, upload_objects AS UploadObjects, download_bytes AS DownloadBytes,
                   delete_bytes AS DeleteBytes, delete_objects AS DeleteObjects
            FROM billing_minutes WHERE root_name = @root AND minute >= @from AND minute < @until ORDER BY minute DESC
            """, new { root, from = from.ToUnixTimeMilliseconds(), until = until.ToUnixTimeMilliseconds() }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => new BillingMinute(FromMs(r.Minute),
            new UsageCounts(r.UploadBytes, r.UploadObjects, r.DownloadBytes, r.DeleteBytes, r.DeleteObjects))).ToList();
    }

    public async Task PruneAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await _schema.OpenAsync(ct).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM billing_minutes WHERE minute < @before",
            new { before = (now - MinuteRetention).ToUnixTimeMilliseconds() }, cancellationToken: ct)).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM billing_days WHERE day < @before",
            new { before = (now - DayRetention).ToUnixTimeMilliseconds() }, cancellationToken: ct)).ConfigureAwait(false);
    }

    private sealed class DayRow
    {
        public long Day { get; set; }
        public long UploadBytes { get; set; }
        public long DownloadBytes { get; set; }
        public long DeleteBytes { get; set; }
        public long UsedSpace { get; set; }
        public long ObjectCount { get; set; }
    }

    private sealed class MinuteRow
    {
        public long Minute { get; set; }
        public long UploadBytes { get; set; }
        public long UploadObjects { get; set; }
        public long DownloadBytes { get; set; }
        public long DeleteBytes { get; set; }
        public long DeleteObjects { get; set; }
    }
}
