using Dapper;

namespace Transporter.Core.Migrations.Persistence;

public sealed partial class MigrationRepository
{
    /// <summary>
    /// Bytes the run copied per time slice of <paramref name="slice"/> from <paramref name="from"/>, by the finish times
    /// of its succeeded report rows: the run's speed history (slices without a finished object are absent). One
    /// aggregate query; the GUI charts it.
    /// </summary>
    public async Task<IReadOnlyList<(DateTimeOffset SliceStart, long Bytes)>> GetThroughputAsync(Guid runId, DateTimeOffset from, TimeSpan slice,
        CancellationToken ct = default)
    {
        var sliceMs = Math.Max(1, (long)slice.TotalMilliseconds);
        var fromMs = from.ToUnixTimeMilliseconds();
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(long Slice, long Bytes)>(new CommandDefinition("""
            SELECT (finish_time - @from) / @slice AS slice, SUM(bytes_copied) AS bytes
            FROM object_reports WHERE run_id = @id AND succeeded = TRUE AND finish_time >= @from
            GROUP BY (finish_time - @from) / @slice ORDER BY 1
            """, new { id = Id(runId), from = fromMs, slice = sliceMs }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => (DateTimeOffset.FromUnixTimeMilliseconds(fromMs + r.Slice * sliceMs), r.Bytes)).ToList();
    }
}
