namespace Transporter.Core.Persistence;

/// <summary>
/// The only place SQL differs between SQLite and PostgreSQL. Everything else is shared SQL:
/// both accept @name parameters (Dapper), INSERT .. ON CONFLICT .. DO UPDATE, RETURNING, LIMIT/OFFSET.
/// Conventions: times are BIGINT Unix milliseconds; booleans are BOOLEAN; ids are TEXT.
/// </summary>
public sealed class SqlDialect
{
    public static readonly SqlDialect Sqlite = new(DatabaseProvider.Sqlite, "BLOB", "", "INTEGER PRIMARY KEY AUTOINCREMENT");
    public static readonly SqlDialect Postgres = new(DatabaseProvider.Postgres, "BYTEA", " COLLATE \"C\"", "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY");

    private SqlDialect(DatabaseProvider provider, string blob, string binaryCollation, string identity)
    {
        Provider = provider;
        Blob = blob;
        BinaryCollation = binaryCollation;
        Identity = identity;
    }

    public DatabaseProvider Provider { get; }

    /// <summary>Column type for raw bytes.</summary>
    public string Blob { get; }

    /// <summary>Appended to TEXT key columns so ORDER BY sorts by UTF-8 bytes, as S3 listings do
    /// (SQLite's default BINARY collation already does).</summary>
    public string BinaryCollation { get; }

    /// <summary>Column definition of an auto-incrementing BIGINT primary key.</summary>
    public string Identity { get; }
}
