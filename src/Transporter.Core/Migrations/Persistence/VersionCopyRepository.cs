using Dapper;
using static Transporter.Core.Migrations.Persistence.MigrationSql;

namespace Transporter.Core.Migrations.Persistence;

/// <summary>allVersions runs (docs/migration-controls.md, "All versions"): each version written is recorded at once, so
/// a batch copied again (a retry, a redelivery after a crash) skips the versions already at the destination.</summary>
public sealed class VersionCopyRepository(MigrationDatabase db)
{
    /// <summary>The key's versions recorded by the run so far, in the order written.</summary>
    public async Task<IReadOnlyList<VersionCopy>> GetVersionCopiesAsync(Guid runId, string key, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<VersionRow>(new CommandDefinition(
            VersionSelect + " WHERE run_id = @id AND object_key = @key ORDER BY seq", new { id = Id(runId), key }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => r.ToCopy()).ToList();
    }

    /// <summary>Records one version's outcome (a failed attempt recorded before is replaced by the new one).</summary>
    public async Task RecordVersionCopyAsync(Guid runId, VersionCopy copy, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO run_versions (run_id, object_key, seq, source_version_id, destination_version_id, delete_marker, size, source_etag,
                destination_etag, finished_at, error)
            VALUES (@runId, @key, @seq, @source, @destination, @marker, @size, @sourceETag, @destinationETag, @finished, @error)
            ON CONFLICT (run_id, object_key, seq) DO UPDATE SET source_version_id = excluded.source_version_id,
                destination_version_id = excluded.destination_version_id, delete_marker = excluded.delete_marker, size = excluded.size,
                source_etag = excluded.source_etag, destination_etag = excluded.destination_etag, finished_at = excluded.finished_at, error = excluded.error
            """, new
        {
            runId = Id(runId),
            key = copy.ObjectKey,
            seq = copy.Seq,
            source = copy.SourceVersionId,
            destination = copy.DestinationVersionId,
            marker = copy.DeleteMarker,
            size = copy.Size,
            sourceETag = copy.SourceETag,
            destinationETag = copy.DestinationETag,
            finished = copy.FinishedAt.ToUnixTimeMilliseconds(),
            error = copy.Error,
        }, cancellationToken: ct)).ConfigureAwait(false);
    }

    /// <summary>The run's version rows in key and write order, a page at a time (the report's versions.csv).</summary>
    public async Task<IReadOnlyList<VersionCopy>> GetVersionCopiesPageAsync(Guid runId, (string Key, int Seq)? after, int limit, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<VersionRow>(new CommandDefinition(
            VersionSelect + " WHERE run_id = @id" + (after is null ? "" : " AND (object_key > @key OR (object_key = @key AND seq > @seq))")
            + " ORDER BY object_key, seq LIMIT @limit", new { id = Id(runId), key = after?.Key, seq = after?.Seq, limit }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => r.ToCopy()).ToList();
    }

    private const string VersionSelect = """
        SELECT object_key AS ObjectKey, seq AS Seq, source_version_id AS SourceVersionId, destination_version_id AS DestinationVersionId,
               delete_marker AS DeleteMarker, size AS Size, source_etag AS SourceETag, destination_etag AS DestinationETag,
               finished_at AS FinishedAt, error AS Error
        FROM run_versions
        """;

}
