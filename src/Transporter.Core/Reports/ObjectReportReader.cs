using System.Runtime.CompilerServices;
using Transporter.Core.Migrations.Persistence;

namespace Transporter.Core.Reports;

/// <summary>
/// Reads the object_reports rows the workers wrote (<see cref="BatchRepository.CommitBatchAsync"/>): pages of a
/// run's failed objects for the API, and every row of a run as a stream for report bundles, straight from an open
/// data reader, one row in memory at a time whatever the run's size.
/// </summary>
public sealed class ObjectReportReader(MigrationDatabase db, DeletionRepository deletions, VersionCopyRepository versions)
{
    /// <summary>The run's failed objects in key order, from the <paramref name="start"/>-th (0-based), at most
    /// <paramref name="maxEntries"/>; only <paramref name="key"/>'s row when it is given.</summary>
    public async Task<FailedReportPage> GetFailedAsync(Guid runId, string? key, long start, int maxEntries, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxEntries);
        var reports = new List<ObjectReport>();
        // One row more than asked says whether the page is the last.
        var sql = ObjectReportSql.Select + " WHERE run_id = @id AND succeeded = FALSE" + (key is null ? "" : " AND object_key = @key")
            + " ORDER BY object_key LIMIT @limit OFFSET @start";
        await foreach (var report in QueryAsync(sql, [("@id", runId.ToString("D")), ("@key", key), ("@limit", maxEntries + 1L), ("@start", start)], ct)
            .ConfigureAwait(false))
            reports.Add(report);
        var end = reports.Count <= maxEntries;
        if (!end) reports.RemoveAt(reports.Count - 1);
        return new FailedReportPage(reports, end);
    }

    /// <summary>Every report row of the run in key order, streamed from an open reader (unbuffered): memory stays flat for
    /// millions of rows. The connection stays open until the enumeration ends.</summary>
    public IAsyncEnumerable<ObjectReport> StreamAsync(Guid runId, CancellationToken ct = default) =>
        QueryAsync(ObjectReportSql.Select + " WHERE run_id = @id ORDER BY object_key", [("@id", runId.ToString("D"))], ct);

    /// <summary>A mirror sync's deletion rows (deleted, failed, refused, skipped) in key order, a page at a time.</summary>
    public async IAsyncEnumerable<DeletionReport> StreamDeletionsAsync(Guid runId, [EnumeratorCancellation] CancellationToken ct = default)
    {
        const int Page = 1000;
        string? after = null;
        while (true)
        {
            var page = await deletions.GetDeletionsAsync(runId, after, Page, ct).ConfigureAwait(false);
            foreach (var row in page) yield return row;
            if (page.Count < Page) yield break;
            after = page[^1].ObjectKey;
        }
    }

    /// <summary>An allVersions run's version rows in key and write order, a page at a time.</summary>
    public async IAsyncEnumerable<Migrations.VersionCopy> StreamVersionsAsync(Guid runId, [EnumeratorCancellation] CancellationToken ct = default)
    {
        const int Page = 1000;
        (string, int)? after = null;
        while (true)
        {
            var page = await versions.GetVersionCopiesPageAsync(runId, after, Page, ct).ConfigureAwait(false);
            foreach (var row in page) yield return row;
            if (page.Count < Page) yield break;
            after = (page[^1].ObjectKey, page[^1].Seq);
        }
    }

    private async IAsyncEnumerable<ObjectReport> QueryAsync(string sql, (string Name, object? Value)[] parameters,
        [EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            if (value is null) continue;
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var columns = ObjectReportColumns.Of(reader);
        while (await reader.ReadAsync(ct).ConfigureAwait(false)) yield return columns.Read(reader);
    }
}
