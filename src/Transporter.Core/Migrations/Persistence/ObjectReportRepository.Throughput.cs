using Dapper;
using Transporter.Core.Endpoints;
using Transporter.Core.Plans;
using Transporter.Core.Plans.Estimates;
using static Transporter.Core.Migrations.Persistence.MigrationSql;

namespace Transporter.Core.Migrations.Persistence;

public sealed partial class ObjectReportRepository
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
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(long Slice, long Bytes)>(new CommandDefinition("""
            SELECT (finish_time - @from) / @slice AS slice, SUM(bytes_copied) AS bytes
            FROM object_reports WHERE run_id = @id AND succeeded = TRUE AND finish_time >= @from
            GROUP BY (finish_time - @from) / @slice ORDER BY 1
            """, new { id = Id(runId), from = fromMs, slice = sliceMs }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => (DateTimeOffset.FromUnixTimeMilliseconds(fromMs + r.Slice * sliceMs), r.Bytes)).ToList();
    }

    /// <summary>
    /// The measured speed of the latest <paramref name="maxRuns"/> finished runs (Completed or CompletedWithErrors, not
    /// verifications, never under a bandwidth limit or timetable) between <paramref name="sourceType"/> and
    /// <paramref name="destinationType"/> (within one endpoint or not, as <paramref name="sameEndpoint"/>), of
    /// <paramref name="root"/> or, when null, of every root. Each run's copying time (first object started to last
    /// finished, at most the sum of its objects' times) is shared among size bins in proportion to its objects' times
    /// in each bin.
    /// </summary>
    public async Task<ThroughputProfile> GetThroughputProfileAsync(string? root, string? sourceType, string? destinationType, bool sameEndpoint,
        int maxRuns, CancellationToken ct = default)
    {
        var scope = $"{sourceType} → {destinationType}{(sameEndpoint ? " within one endpoint" : "")} {(root is null ? "on this platform" : "of this root")}";
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var candidates = await connection.QueryAsync<(string Id, string Source, string Destination, long Limit, string? Controls)>(new CommandDefinition($"""
            SELECT r.id, m.source, m.destination, m.bandwidth_limit, m.controls FROM migration_runs r JOIN migrations m ON m.id = r.migration_id
            WHERE r.state IN ({(int)MigrationState.Completed}, {(int)MigrationState.CompletedWithErrors}) AND r.finished_at IS NOT NULL
              AND m.kind <> '{MigrationKind.Verify}'{(root is null ? "" : " AND m.root = @root")}
            ORDER BY r.finished_at DESC LIMIT 500
            """, new { root }, cancellationToken: ct)).ConfigureAwait(false);
        var runs = candidates.Where(c => c.Limit == 0 && Matches(c.Source, c.Destination, c.Controls)).Take(maxRuns).Select(c => c.Id).ToList();
        if (runs.Count == 0) return ThroughputProfile.None(scope);

        var objects = new long[SizeBins.Count];
        var bytes = new long[SizeBins.Count];
        var seconds = new double[SizeBins.Count];
        foreach (var run in runs)
        {
            var bins = (await connection.QueryAsync<(long Bin, long Objects, long Bytes, double Busy, long Start, long Finish)>(new CommandDefinition($"""
                SELECT {BinOf("listed_size")} AS bin, COUNT(*), SUM(bytes_copied), SUM(connection_duration + copy_duration), MIN(start_time), MAX(finish_time)
                FROM object_reports WHERE run_id = @id AND succeeded = TRUE GROUP BY {BinOf("listed_size")}
                """, new { id = run }, cancellationToken: ct)).ConfigureAwait(false)).ToList();
            if (bins.Count == 0) continue;
            // Each bin's weight is its objects' time, plus a millisecond per object so a bin of objects too quick to time
            // still gets its share.
            double Weight((long Bin, long Objects, long Bytes, double Busy, long Start, long Finish) b) => b.Busy + 0.001 * b.Objects;
            var busy = bins.Sum(b => b.Busy);
            var weights = bins.Sum(Weight);
            // A retried run's rows span the pause before its retry: never count more time than its objects took.
            var wall = Math.Min((bins.Max(b => b.Finish) - bins.Min(b => b.Start)) / 1000.0, Math.Max(busy, weights));
            foreach (var b in bins)
            {
                objects[b.Bin] += b.Objects;
                bytes[b.Bin] += b.Bytes;
                seconds[b.Bin] += wall * Weight(b) / weights;
            }
        }
        var total = seconds.Sum();
        return new ThroughputProfile
        {
            Runs = runs.Count,
            Scope = scope,
            Objects = objects.Sum(),
            Bytes = bytes.Sum(),
            Bins = Enumerable.Range(0, SizeBins.Count)
                .Select(i => objects[i] > 0 && seconds[i] > 0 ? ((double, double)?)(objects[i] / seconds[i], bytes[i] / seconds[i]) : null).ToList(),
            Overall = total > 0 ? (objects.Sum() / total, bytes.Sum() / total) : null,
        };

        bool Matches(string sourceJson, string destinationJson, string? controls)
        {
            var source = MigrationJson.Read<EndpointConfig>(sourceJson);
            var destination = MigrationJson.Read<EndpointConfig>(destinationJson);
            return source.Type == sourceType && destination.Type == destinationType && PlanEstimator.SameEndpoint(source, destination) == sameEndpoint
                && (controls is null || MigrationJson.Read<MigrationControls>(controls).BandwidthTimetable is not { Count: > 0 });
        }
    }

    /// <summary>"CASE WHEN size &lt;= 10 THEN 0 ... ELSE 11 END": the <see cref="SizeBins"/> bin of a size column.</summary>
    private static string BinOf(string column) =>
        "CASE " + string.Concat(SizeBins.All.Take(SizeBins.Count - 1).Select((b, i) => $"WHEN {column} <= {b.Max} THEN {i} ")) + $"ELSE {SizeBins.Count - 1} END";
}
