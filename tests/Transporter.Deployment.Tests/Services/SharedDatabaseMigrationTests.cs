using Dapper;
using Npgsql;
using Transporter.Core.Persistence;
using Transporter.Testing.Persistence;

namespace Transporter.Deployment.Tests.Services;

/// <summary>
/// Every process of a distributed deployment applies its schema steps at start-up, and Kubernetes starts them together
/// on one fresh PostgreSQL database: the steps must apply once without any process failing.
/// </summary>
[Collection(TestServicesCollection.Name)]
public sealed class SharedDatabaseMigrationTests(TestServicesSession services) : IAsyncLifetime
{
    private PostgresDatabase? _created;
    private string _databaseUrl = "";

    public async Task InitializeAsync()
    {
        Assert.False(string.IsNullOrEmpty(services.Postgres), "scripts/test-services.sh did not start PostgreSQL");
        _created = await PostgresDatabase.CreateAsync("deploy_schema", services.Postgres);
        _databaseUrl = _created.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        if (_created is not null) await _created.DisposeAsync();
    }

    [Fact]
    public async Task SchemaSteps_AppliedByManyProcessesAtOnce_ApplyOnce()
    {
        SchemaStep[] steps =
        [
            new(1, d => $"CREATE TABLE IF NOT EXISTS deploy_items (id TEXT PRIMARY KEY, body {d.Blob})"),
            new(2, _ => "CREATE TABLE IF NOT EXISTS deploy_events (id TEXT PRIMARY KEY, at BIGINT NOT NULL)"),
        ];
        // One Database per "process": its own connection pool, as separate pods have.
        var processes = Enumerable.Range(0, 8).Select(_ => Database.Postgres(_databaseUrl)).ToList();
        try
        {
            await Task.WhenAll(processes.Select(db => Task.Run(() => SchemaMigrator.ApplyAsync(db, "deploy", steps))));
        }
        finally
        {
            foreach (var db in processes) await db.DisposeAsync();
        }

        await using var connection = new NpgsqlConnection(_databaseUrl);
        var versions = await connection.QueryAsync<int>("select version from schema_versions where component = 'deploy' order by version");
        Assert.Equal([1, 2], versions);
        Assert.Equal(2, await connection.ExecuteScalarAsync<long>(
            "select count(*) from information_schema.tables where table_name in ('deploy_items', 'deploy_events')"));
    }
}
