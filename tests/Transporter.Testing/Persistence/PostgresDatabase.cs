namespace Transporter.Testing.Persistence;

/// <summary>A new database on a PostgreSQL server (by default TRANSPORTER_TEST_POSTGRES, the server
/// scripts/test-services.sh starts), dropped afterwards.</summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    private readonly string _server;

    private PostgresDatabase(string server, string name)
    {
        _server = server;
        Name = name;
        ConnectionString = new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <param name="hint">The start of the database's name (letters, digits, underscores).</param>
    /// <param name="server">The server's connection string; null for TRANSPORTER_TEST_POSTGRES.</param>
    public static async Task<PostgresDatabase> CreateAsync(string hint, string? server = null)
    {
        server ??= Environment.GetEnvironmentVariable("TRANSPORTER_TEST_POSTGRES");
        if (string.IsNullOrEmpty(server))
            throw new InvalidOperationException("TRANSPORTER_TEST_POSTGRES is unset: run the tests through ./test.sh, which starts PostgreSQL");
        var name = $"{hint}_{Guid.NewGuid():N}"[..30];
        await using var admin = new Npgsql.NpgsqlConnection(server);
        await admin.OpenAsync();
        await using var create = new Npgsql.NpgsqlCommand($"create database {name}", admin);
        await create.ExecuteNonQueryAsync();
        return new PostgresDatabase(server, name);
    }

    public async ValueTask DisposeAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        await using var admin = new Npgsql.NpgsqlConnection(_server);
        await admin.OpenAsync();
        await using var drop = new Npgsql.NpgsqlCommand($"drop database if exists {Name} with (force)", admin);
        // An autovacuum worker (a superuser's backend) on the database makes the forced drop fail with 42501 for the
        // test role until it ends, which takes moments.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await drop.ExecuteNonQueryAsync();
                return;
            }
            catch (Npgsql.PostgresException e) when (e.SqlState is "42501" or "55006" && attempt < 20)
            {
                await Task.Delay(250);
            }
        }
    }
}
