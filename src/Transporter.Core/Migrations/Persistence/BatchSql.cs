using System.Data.Common;
using Dapper;
using static Transporter.Core.Migrations.Persistence.MigrationSql;

namespace Transporter.Core.Migrations.Persistence;

/// <summary>Writes to copy_batches made inside other transactions: a listed batch (with its checkpoint) and a retry's
/// batches of failed objects.</summary>
internal static class BatchSql
{
    /// <summary>Stores <paramref name="batch"/> as pending, published at <paramref name="now"/>.</summary>
    public static Task InsertAsync(DbConnection connection, DbTransaction tx, CopyBatch batch, long now, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO copy_batches (id, run_id, seq, items, item_count, status, worker, lease_until, published_at)
            VALUES (@id, @runId, @seq, @items, @count, 'pending', NULL, NULL, @now)
            """, new { id = batch.Id, runId = Id(batch.RunId), seq = batch.Seq, items = MigrationJson.Write(batch.Items), count = batch.Items.Count, now },
            tx, cancellationToken: ct));
}
