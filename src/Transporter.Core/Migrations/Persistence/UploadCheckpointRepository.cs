using Dapper;
using Transporter.Core.Storage;
using static Transporter.Core.Migrations.Persistence.MigrationSql;

namespace Transporter.Core.Migrations.Persistence;

/// <summary>
/// The checkpoints of multipart copies and write sessions (docs/migration-engine.md, "Resuming a copy"): each upload a worker
/// begins and every part the destination confirms, so a copy taken over after a crash resumes from its parts (a session
/// from what it holds); and the uploads
/// finished runs left open, for <c>LeftoverUploadSweeper</c> to abort.
/// </summary>
public sealed class UploadCheckpointRepository(MigrationDatabase db)
{
    /// <summary>The checkpoint of <paramref name="key"/>'s multipart copy in the run, with its parts; null when it has none.</summary>
    public async Task<UploadCheckpoint?> GetUploadCheckpointAsync(Guid runId, string key, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<(string UploadId, string SourceETag, long Size, long PartSize)>(new CommandDefinition(
            "SELECT upload_id, source_etag, object_size, part_size FROM upload_checkpoints WHERE run_id = @id AND object_key = @key",
            new { id = Id(runId), key }, cancellationToken: ct)).ConfigureAwait(false);
        if (row.UploadId is null) return null;
        var parts = await connection.QueryAsync<(long Number, long Size, string ETag, string? Md5)>(new CommandDefinition("""
            SELECT part_number, size, etag, content_md5 FROM upload_checkpoint_parts
            WHERE run_id = @id AND object_key = @key AND upload_id = @upload ORDER BY part_number
            """, new { id = Id(runId), key, upload = row.UploadId }, cancellationToken: ct)).ConfigureAwait(false);
        return new UploadCheckpoint(runId, key, row.UploadId, row.SourceETag, row.Size, row.PartSize,
            parts.Select(p => new UploadedPart((int)p.Number, p.ETag, p.Size, p.Md5)).ToList());
    }

    /// <summary>Records a new upload of the object (its parts follow with <see cref="AddUploadPartAsync"/>), replacing
    /// the checkpoint of an earlier upload of it and that upload's parts, in one transaction.</summary>
    public async Task SaveUploadCheckpointAsync(UploadCheckpoint checkpoint, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var args = new
        {
            id = Id(checkpoint.RunId),
            key = checkpoint.Key,
            upload = checkpoint.UploadId,
            etag = checkpoint.SourceETag,
            size = checkpoint.Size,
            partSize = checkpoint.PartSize,
            now = db.NowMs(),
        };
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM upload_checkpoint_parts WHERE run_id = @id AND object_key = @key", args, tx, cancellationToken: ct)).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO upload_checkpoints (run_id, object_key, upload_id, source_etag, object_size, part_size, created_at)
            VALUES (@id, @key, @upload, @etag, @size, @partSize, @now)
            ON CONFLICT (run_id, object_key) DO UPDATE SET upload_id = excluded.upload_id, source_etag = excluded.source_etag,
                object_size = excluded.object_size, part_size = excluded.part_size, created_at = excluded.created_at
            """, args, tx, cancellationToken: ct)).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Records a part the destination confirmed. Nothing is written when the object's checkpoint is no longer
    /// that upload's (another worker took the object over and began again, or the upload was ended).</summary>
    public async Task AddUploadPartAsync(Guid runId, string key, string uploadId, UploadedPart part, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO upload_checkpoint_parts (run_id, object_key, upload_id, part_number, size, etag, content_md5)
            SELECT run_id, object_key, upload_id, @number, @size, @etag, @md5 FROM upload_checkpoints
            WHERE run_id = @id AND object_key = @key AND upload_id = @upload
            ON CONFLICT (run_id, object_key, upload_id, part_number) DO UPDATE SET size = excluded.size, etag = excluded.etag,
                content_md5 = excluded.content_md5
            """, new { id = Id(runId), key, upload = uploadId, number = part.PartNumber, size = part.Size, etag = part.ETag, md5 = part.ContentMd5 },
            cancellationToken: ct)).ConfigureAwait(false);
    }

    /// <summary>Forgets the upload (completed, aborted or abandoned) with its parts; another upload of the key is kept.</summary>
    public async Task DeleteUploadCheckpointAsync(Guid runId, string key, string uploadId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var args = new { id = Id(runId), key, upload = uploadId };
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM upload_checkpoint_parts WHERE run_id = @id AND object_key = @key AND upload_id = @upload", args, tx,
            cancellationToken: ct)).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM upload_checkpoints WHERE run_id = @id AND object_key = @key AND upload_id = @upload", args, tx,
            cancellationToken: ct)).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Uploads left open by finished runs (Completed, CompletedWithErrors, Failed, Terminated) none of whose batches a live
    /// worker still copies (an abort's workers are still giving theirs back for a moment), without their parts, in
    /// (run, key) order after <paramref name="after"/>: what <c>LeftoverUploadSweeper</c> aborts.
    /// </summary>
    public async Task<IReadOnlyList<LeftoverUpload>> GetLeftoverUploadsAsync((Guid RunId, string Key)? after, int limit, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string MigrationId, string RunId, string Key, string UploadId, string SourceETag, long Size, long PartSize)>(
            new CommandDefinition($"""
                SELECT r.migration_id, c.run_id, c.object_key, c.upload_id, c.source_etag, c.object_size, c.part_size
                FROM upload_checkpoints c JOIN migration_runs r ON r.id = c.run_id
                WHERE r.state {InStates(MigrationStateMachine.Finished)}
                  AND NOT EXISTS (SELECT 1 FROM copy_batches b WHERE b.run_id = c.run_id AND b.status = 'working' AND b.lease_until >= @now)
                  {(after is null ? "" : "AND (c.run_id > @run OR (c.run_id = @run AND c.object_key > @key))")}
                ORDER BY c.run_id, c.object_key LIMIT @limit
                """, new { now = db.NowMs(), run = after is { } a ? Id(a.RunId) : null, key = after?.Key, limit }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => new LeftoverUpload(Guid.Parse(r.MigrationId),
            new UploadCheckpoint(Guid.Parse(r.RunId), r.Key, r.UploadId, r.SourceETag, r.Size, r.PartSize, []))).ToList();
    }
}
