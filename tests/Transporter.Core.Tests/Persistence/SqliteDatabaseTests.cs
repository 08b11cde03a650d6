using Dapper;
using Transporter.Core.Persistence;

namespace Transporter.Core.Tests.Persistence;

public class SqliteDatabaseTests
{
    [Fact]
    public async Task Schema_steps_apply_once_and_keys_sort_by_bytes()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tp-db-{Guid.NewGuid():N}", "t.db");
        var db = Database.Sqlite(path);
        SchemaStep[] steps = [new(1, d => $"CREATE TABLE items (k TEXT{d.BinaryCollation} PRIMARY KEY, n BIGINT NOT NULL, ok BOOLEAN NOT NULL)")];

        await SchemaMigrator.ApplyAsync(db, "test", steps);
        await SchemaMigrator.ApplyAsync(db, "test", steps); // second start: nothing to do, no error

        await using var c = await db.OpenAsync();
        foreach (var k in new[] { "b", "a", "B", "é" })
            await c.ExecuteAsync("INSERT INTO items (k, n, ok) VALUES (@k, 1, @ok)", new { k, ok = true });
        Assert.Equal(["B", "a", "b", "é"], (await c.QueryAsync<string>("SELECT k FROM items ORDER BY k")).ToArray());
        Assert.True(await c.ExecuteScalarAsync<bool>("SELECT ok FROM items WHERE k = 'a'"));
        Assert.Equal("wal", await c.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
    }
}
