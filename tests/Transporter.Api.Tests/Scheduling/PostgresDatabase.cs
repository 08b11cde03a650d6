namespace Transporter.Api.Tests.Scheduling;

/// <summary>A new database on TRANSPORTER_TEST_POSTGRES (the server scripts/test-services.sh starts), dropped afterwards.</summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    private readonly string _server;
    private readonly string _name;

    private PostgresDatabase(string server, string name)
    {
        _server = server;
        _name = name;
        ConnectionString = new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public string ConnectionString { get; }

    public static async Task<PostgresDatabase> CreateAsync(string hint)
    {
        var server = Environment.GetEnvironmentVariable("TRANSPORTER_TEST_POSTGRES");
        Assert.False(string.IsNullOrEmpty(server), "TRANSPORTER_TEST_POSTGRES is unset: run the tests through ./test.sh, which starts PostgreSQL");
        var name = $"{hint}_{Guid.NewGuid():N}"[..30];
        await using var admin = new Npgsql.NpgsqlConnection(server);
        await admin.OpenAsync();
        await using var create = new Npgsql.NpgsqlCommand($"create database {name}", admin);
        await create.ExecuteNonQueryAsync();
        return new PostgresDatabase(server!, name);
    }

    public async ValueTask DisposeAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        await using var admin = new Npgsql.NpgsqlConnection(_server);
        await admin.OpenAsync();
        await using var drop = new Npgsql.NpgsqlCommand($"drop database if exists {_name} with (force)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
