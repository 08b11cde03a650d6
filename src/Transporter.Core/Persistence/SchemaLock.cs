using System.Data.Common;
using Dapper;

namespace Transporter.Core.Persistence;

/// <summary>
/// Held while a process applies schema steps, so that processes starting together on one database (the store and
/// the API of a distributed deployment) migrate one at a time. Released explicitly: a pooled PostgreSQL connection
/// would otherwise keep the session lock while it idles in the pool.
/// </summary>
internal sealed class SchemaLock : IAsyncDisposable
{
    private readonly DbConnection _connection;
    private readonly SqlDialect _dialect;

    private SchemaLock(DbConnection connection, SqlDialect dialect)
    {
        _connection = connection;
        _dialect = dialect;
    }

    public static async Task<SchemaLock> TakeAsync(DbConnection connection, SqlDialect dialect)
    {
        if (dialect.LockSchema.Length > 0) await connection.ExecuteAsync(dialect.LockSchema).ConfigureAwait(false);
        return new SchemaLock(connection, dialect);
    }

    public async ValueTask DisposeAsync()
    {
        if (_dialect.UnlockSchema.Length > 0) await _connection.ExecuteAsync(_dialect.UnlockSchema).ConfigureAwait(false);
    }
}
