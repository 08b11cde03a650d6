using Dapper;

namespace Transporter.Core.Persistence;

/// <summary>One forward-only schema step of a component; <see cref="Sql"/> may hold several statements.</summary>
public sealed record SchemaStep(int Version, Func<SqlDialect, string> Sql);

/// <summary>
/// Applies each component's numbered schema steps once, recording them in schema_versions. Components
/// (store, identity, migrations, ...) evolve independently in the same database.
/// </summary>
public static class SchemaMigrator
{
    public static async Task ApplyAsync(Database db, string component, IReadOnlyList<SchemaStep> steps, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var schemaLock = await SchemaLock.TakeAsync(connection, db.Dialect).ConfigureAwait(false);
        await connection.ExecuteAsync(
            "CREATE TABLE IF NOT EXISTS schema_versions (component TEXT NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (component, version))")
            .ConfigureAwait(false);
        var applied = (await connection.QueryAsync<int>(
            "SELECT version FROM schema_versions WHERE component = @component", new { component }).ConfigureAwait(false)).ToHashSet();
        foreach (var step in steps.OrderBy(s => s.Version))
        {
            if (applied.Contains(step.Version)) continue;
            await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            await connection.ExecuteAsync(step.Sql(db.Dialect), transaction: tx).ConfigureAwait(false);
            // ON CONFLICT: two processes starting together both try; the loser's DDL used IF NOT EXISTS.
            await connection.ExecuteAsync(
                "INSERT INTO schema_versions (component, version) VALUES (@component, @version) ON CONFLICT DO NOTHING",
                new { component, version = step.Version }, tx).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
        }
    }
}
