namespace Transporter.Core.Persistence;

/// <summary>
/// The only place SQL differs between SQLite and PostgreSQL. Everything else is shared SQL:
/// both accept @name parameters (Dapper), INSERT .. ON CONFLICT .. DO UPDATE, RETURNING, LIMIT/OFFSET.
/// Conventions: times are BIGINT Unix milliseconds; booleans are BOOLEAN; ids are TEXT.
/// </summary>
public sealed class SqlDialect
{
    public static readonly SqlDialect Sqlite = new(DatabaseProvider.Sqlite, "BLOB", "", "INTEGER PRIMARY KEY AUTOINCREMENT", "", "");
    public static readonly SqlDialect Postgres = new(DatabaseProvider.Postgres, "BYTEA", " COLLATE \"C\"", "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
        "SELECT pg_advisory_lock(7370583837470823)", "SELECT pg_advisory_unlock(7370583837470823)");

    private SqlDialect(DatabaseProvider provider, string blob, string binaryCollation, string identity, string lockSchema, string unlockSchema)
    {
        Provider = provider;
        Blob = blob;
        BinaryCollation = binaryCollation;
        Identity = identity;
        LockSchema = lockSchema;
        UnlockSchema = unlockSchema;
    }

    public DatabaseProvider Provider { get; }

    /// <summary>Column type for raw bytes.</summary>
    public string Blob { get; }

    /// <summary>Appended to TEXT key columns so ORDER BY sorts by UTF-8 bytes, as S3 listings do
    /// (SQLite's default BINARY collation already does).</summary>
    public string BinaryCollation { get; }

    /// <summary>Column definition of an auto-incrementing BIGINT primary key.</summary>
    public string Identity { get; }

    /// <summary>Takes the connection-wide lock under which schema steps run, so processes starting together on one
    /// database migrate one at a time (PostgreSQL's CREATE TABLE IF NOT EXISTS fails against a concurrent twin).
    /// Empty where the database serializes writers itself (SQLite).</summary>
    public string LockSchema { get; }

    public string UnlockSchema { get; }

    /// <summary>
    /// <paramref name="table"/> read through its primary key's index (SQLite: INDEXED BY the index SQLite builds for a
    /// PRIMARY KEY declared in CREATE TABLE; PostgreSQL has no such hint and plans from its table statistics). Without statistics
    /// SQLite's planner may prefer a covering index whose first column alone matches, and scan every row that shares it.
    /// </summary>
    public string ByPrimaryKey(string table) => Provider == DatabaseProvider.Sqlite ? $"{table} INDEXED BY sqlite_autoindex_{table}_1" : table;

    /// <summary>"<paramref name="column"/> is one of the values of the list parameter <paramref name="parameter"/>":
    /// Dapper expands the list on SQLite, while Npgsql takes it as one array parameter.</summary>
    public string IsAnyOf(string column, string parameter) =>
        Provider == DatabaseProvider.Postgres ? $"{column} = ANY({parameter})" : $"{column} IN {parameter}";
}
