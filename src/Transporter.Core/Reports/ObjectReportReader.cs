using System.Runtime.CompilerServices;
using Dapper;
using Transporter.Core.Migrations.Persistence;
using Transporter.Core.Persistence;

namespace Transporter.Core.Reports;

/// <summary>
/// Reads the object_reports rows the workers wrote (<see cref="MigrationRepository.CommitBatchAsync"/>): pages of a
/// run's failed objects for the API, and every row of a run as a stream for report bundles, one row in memory at a
/// time whatever the run's size.
/// </summary>
public sealed class ObjectReportReader(Database db, MigrationRepository migrations)
{
    /// <summary>The run's failed objects in key order, from the <paramref name="start"/>-th (0-based), at most
    /// <paramref name="maxEntries"/>; only <paramref name="key"/>'s row when it is given.</summary>
    public async Task<FailedReportPage> GetFailedAsync(Guid runId, string? key, long start, int maxEntries, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxEntries);
        await migrations.InitializeAsync(ct).ConfigureAwait(false);
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        // One row more than asked says whether the page is the last.
        var rows = (await connection.QueryAsync<MigrationRepository.ReportRow>(new CommandDefinition(
            MigrationRepository.ReportSelect + " WHERE run_id = @id AND succeeded = FALSE" + (key is null ? "" : " AND object_key = @key")
            + " ORDER BY object_key LIMIT @limit OFFSET @start",
            new { id = runId.ToString("D"), key, limit = maxEntries + 1, start }, cancellationToken: ct)).ConfigureAwait(false)).ToList();
        var end = rows.Count <= maxEntries;
        return new FailedReportPage(rows.Take(maxEntries).Select(r => r.ToReport()).ToList(), end);
    }

    /// <summary>Every report row of the run in key order, streamed from an open reader (unbuffered): memory stays flat for
    /// millions of rows. The connection stays open until the enumeration ends.</summary>
    public async IAsyncEnumerable<ObjectReport> StreamAsync(Guid runId, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await migrations.InitializeAsync(ct).ConfigureAwait(false);
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = connection.QueryUnbufferedAsync<MigrationRepository.ReportRow>(
            MigrationRepository.ReportSelect + " WHERE run_id = @id ORDER BY object_key", new { id = runId.ToString("D") });
        await foreach (var row in rows.WithCancellation(ct).ConfigureAwait(false)) yield return row.ToReport();
    }
}
