using System.Data.Common;
using Dapper;
using Transporter.Core.Storage;
using static Transporter.Core.Migrations.Persistence.MigrationSql;

namespace Transporter.Core.Migrations.Persistence;

/// <summary>Writes to run_deletions made inside other transactions: a mirror's candidates stored with the listing's
/// checkpoints (a batch, the listing's end).</summary>
internal static class DeletionSql
{
    /// <summary>Stores deletion candidates as pending; storing one twice is harmless.</summary>
    public static Task InsertExtraneousAsync(DbConnection connection, DbTransaction tx, Guid runId, IReadOnlyList<ObjectSummary> items, CancellationToken ct) =>
        items.Count == 0 ? Task.CompletedTask : connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO run_deletions (run_id, object_key, size, etag, last_modified, status, finished_at, error)
            VALUES (@runId, @key, @size, @etag, @modified, 'pending', NULL, '')
            ON CONFLICT (run_id, object_key) DO NOTHING
            """, items.Select(i => new { runId = Id(runId), key = i.Key, size = i.Size, etag = i.ETag, modified = i.LastModified.ToUnixTimeMilliseconds() }),
            tx, cancellationToken: ct));
}
