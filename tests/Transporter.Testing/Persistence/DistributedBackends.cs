using System.Security.Cryptography;

namespace Transporter.Testing.Persistence;

/// <summary>
/// What a distributed deployment under test needs of its own: a fresh PostgreSQL database and a RabbitMQ vhost of the
/// same name, and the TRANSPORTER_* settings that point its processes at them (with a master key). Both are removed on
/// dispose. For benchmarks and tests that share one PostgreSQL and one RabbitMQ server.
/// </summary>
public sealed class DistributedBackends : IAsyncDisposable
{
    private readonly PostgresDatabase _database;

    private DistributedBackends(PostgresDatabase database, IReadOnlyDictionary<string, string> environment)
    {
        _database = database;
        Environment = environment;
    }

    public string Name => _database.Name;

    /// <summary>TRANSPORTER_DATABASE_URL, TRANSPORTER_BROKER_URL and TRANSPORTER_MASTER_KEY.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    public static async Task<DistributedBackends> CreateAsync(string hint, string postgres, string rabbitmq)
    {
        var database = await PostgresDatabase.CreateAsync(hint, postgres);
        (await CommandLine.RunAsync("rabbitmqctl", ["-q", "add_vhost", database.Name])).EnsureSuccess();
        (await CommandLine.RunAsync("rabbitmqctl", ["-q", "set_permissions", "-p", database.Name, "guest", ".*", ".*", ".*"])).EnsureSuccess();
        return new DistributedBackends(database, new Dictionary<string, string>
        {
            ["TRANSPORTER_DATABASE_URL"] = database.ConnectionString,
            ["TRANSPORTER_BROKER_URL"] = rabbitmq.TrimEnd('/') + "/" + database.Name,
            ["TRANSPORTER_MASTER_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        await CommandLine.RunAsync("rabbitmqctl", ["-q", "delete_vhost", _database.Name]);
    }
}
