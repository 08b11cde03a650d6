using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Transporter.Core.Persistence;

/// <summary>
/// One relational database (a SQLite file or a PostgreSQL database) reached through Dapper.
/// Open a connection per unit of work; pooling makes that cheap on both providers.
/// </summary>
public sealed class Database : IAsyncDisposable
{
    private readonly NpgsqlDataSource? _postgres;
    private readonly string? _sqliteConnectionString;

    private Database(DatabaseProvider provider, string? sqlite, NpgsqlDataSource? postgres)
    {
        Provider = provider;
        _sqliteConnectionString = sqlite;
        _postgres = postgres;
        Dialect = provider == DatabaseProvider.Sqlite ? SqlDialect.Sqlite : SqlDialect.Postgres;
    }

    public DatabaseProvider Provider { get; }

    public SqlDialect Dialect { get; }

    /// <summary>A SQLite database file (created when missing) in WAL mode.</summary>
    public static Database Sqlite(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var cs = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30, // seconds a command waits on a locked database before SQLITE_BUSY
        }.ToString();
        var db = new Database(DatabaseProvider.Sqlite, cs, null);
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        // WAL persists in the file; readers never block the writer.
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
        return db;
    }

    public static Database Postgres(string connectionString) =>
        new(DatabaseProvider.Postgres, null, NpgsqlDataSource.Create(connectionString));

    public DbConnection Open()
    {
        if (_postgres is not null) return _postgres.OpenConnection();
        var connection = new SqliteConnection(_sqliteConnectionString);
        connection.Open();
        ConfigureSqlite(connection);
        return connection;
    }

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        if (_postgres is not null) return await _postgres.OpenConnectionAsync(ct).ConfigureAwait(false);
        var connection = new SqliteConnection(_sqliteConnectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        ConfigureSqlite(connection);
        return connection;
    }

    private static void ConfigureSqlite(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        // NORMAL in WAL mode survives a process crash (kill -9); only a power loss can drop the last commits.
        // cache_size: each pooled connection keeps its own page cache (2 MiB by default) for its life, and the store
        // alone keeps up to 32 reader connections; pages beyond 512 KiB come from the OS's file cache instead.
        // busy_timeout: a writer that finds the database locked waits inside SQLite, which retries within milliseconds;
        // without it Microsoft.Data.Sqlite retries after sleeping 150 ms, and with a batch's commit, the lister and the
        // supervisor all writing, those sleeps (not work) set the pace of a large run.
        command.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-512; PRAGMA busy_timeout=30000;";
        command.ExecuteNonQuery();
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null) await _postgres.DisposeAsync().ConfigureAwait(false);
    }
}
