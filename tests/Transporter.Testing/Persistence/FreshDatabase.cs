using Transporter.Core.Persistence;

namespace Transporter.Testing.Persistence;

/// <summary>Runs a check against a fresh database of each kind the platform supports: a new SQLite file, or a new
/// PostgreSQL database on TRANSPORTER_TEST_POSTGRES (dropped afterwards).</summary>
public static class FreshDatabase
{
    /// <param name="hint">Names the temp folder or the database (letters, digits, underscores).</param>
    public static Task OnSqliteAsync(string hint, Func<Database, Task> check) =>
        check(Database.Sqlite(Path.Combine(RepoPaths.NewTempDir(hint), "transporter.db")));

    public static async Task OnPostgresAsync(string hint, Func<Database, Task> check)
    {
        await using var created = await PostgresDatabase.CreateAsync(hint);
        await using var database = Database.Postgres(created.ConnectionString);
        await check(database);
    }
}
