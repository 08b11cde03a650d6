using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npgsql;
using Transporter.Testing;
using Transporter.Testing.Api;

namespace Transporter.ScaleOut.Tests.Infrastructure;

/// <summary>
/// One distributed deployment, as docker-compose runs it: the API process (TRANSPORTER_ROLES=api, which publishes and
/// consumes no batch) and N worker processes, on a fresh database and RabbitMQ vhost of <see cref="ScaleOutServers"/>,
/// sharing one master key. Short leases (5 s) so crashes are recovered in seconds, and at most 8 outstanding batches,
/// so a 5,000-object listing is still running half-way through the copy.
/// </summary>
public sealed class DistributedPlatform : IAsyncDisposable
{
    public const string AccessKey = "SCALEOUTROOTKEY00001";
    public const string SecretKey = "scale-out-root-secret-key-00000000000001";

    public static readonly IReadOnlyDictionary<string, string> Tuning = new Dictionary<string, string>
    {
        ["TRANSPORTER_LISTER_LEASE_SECONDS"] = "5",
        ["TRANSPORTER_BATCH_LEASE_SECONDS"] = "5",
        ["TRANSPORTER_MAX_OUTSTANDING_BATCHES"] = "8",
    };

    private readonly ScaleOutServers _servers;
    private readonly Dictionary<string, string> _env;
    private readonly List<PlatformProcess> _replicas = [];

    private DistributedPlatform(ScaleOutServers servers, Dictionary<string, string> env, string database, string vhost, PlatformProcess api)
    {
        _servers = servers;
        _env = env;
        Database = database;
        Vhost = vhost;
        Api = api;
        Client = new TransporterApiClient(api.ApiUrl, AccessKey, SecretKey);
    }

    public PlatformProcess Api { get; }
    public List<WorkerProcess> Workers { get; } = [];
    public TransporterApiClient Client { get; }
    public string Database { get; }
    public string Vhost { get; }
    public string DatabaseUrl => _env["TRANSPORTER_DATABASE_URL"];

    /// <param name="settings">More TRANSPORTER_* settings for every process.</param>
    public static async Task<DistributedPlatform> StartAsync(ScaleOutServers servers, int workers, IReadOnlyDictionary<string, string>? settings = null)
    {
        var name = $"scaleout_{Guid.NewGuid():N}"[..24];
        var env = new Dictionary<string, string>(Tuning)
        {
            ["TRANSPORTER_DATABASE_URL"] = await servers.Postgres.CreateDatabaseAsync(name),
            ["TRANSPORTER_MASTER_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        };
        await servers.RabbitMq.AddVhostAsync(name);
        env["TRANSPORTER_BROKER_URL"] = servers.RabbitMq.AmqpUrl(name);
        if (settings is not null) foreach (var (k, v) in settings) env[k] = v;

        var api = PlatformProcess.StartAsync(roles: "api", extraEnv: env, accessKey: AccessKey, secretKey: SecretKey);
        var starting = Enumerable.Range(0, workers).Select(_ => WorkerProcess.StartAsync(env)).ToList();
        try
        {
            await Task.WhenAll(starting.Cast<Task>().Append(api));
        }
        catch
        {
            // Stop whatever did start, so a failed start leaves no process behind.
            foreach (var started in starting.Where(t => t.IsCompletedSuccessfully)) await started.Result.DisposeAsync();
            if (api.IsCompletedSuccessfully) await api.Result.DisposeAsync();
            throw;
        }
        var platform = new DistributedPlatform(servers, env, name, name, api.Result);
        platform.Workers.AddRange(starting.Select(t => t.Result));
        return platform;
    }

    /// <summary>Another API replica on the same database and broker (it shares all state through them).</summary>
    public async Task<PlatformProcess> AddApiReplicaAsync()
    {
        var replica = await PlatformProcess.StartAsync(roles: "api", extraEnv: _env, accessKey: AccessKey, secretKey: SecretKey);
        _replicas.Add(replica);
        return replica;
    }

    public async Task<WorkerProcess> AddWorkerAsync()
    {
        var worker = await WorkerProcess.StartAsync(_env);
        Workers.Add(worker);
        return worker;
    }

    /// <summary>POST /migrations from a source bucket to a destination bucket (statistics on); the new id.</summary>
    public Task<string> CreateMigrationAsync(string sourceBucket, string destinationBucket, long bandwidthLimit = 0) =>
        CreateMigrationAsync(Endpoint(_servers.Source, sourceBucket), Endpoint(_servers.Destination, destinationBucket), bandwidthLimit);

    /// <summary>POST /migrations between two endpoint documents (statistics on); the new id.</summary>
    public async Task<string> CreateMigrationAsync(Dictionary<string, object?> source, Dictionary<string, object?> destination, long bandwidthLimit = 0)
    {
        var body = new { source, destination, enableStatistics = true };
        var response = await Client.PostAsync(bandwidthLimit > 0 ? $"/migrations?bandwidth-limit={bandwidthLimit}" : "/migrations", body);
        Assert.True(response.Status == HttpStatusCode.Created, $"POST /migrations: {response}");
        return response.Json.GetProperty("id").GetString()!;
    }

    /// <summary>The endpoint document of a bucket of a built-in store, reached at <paramref name="url"/> (its S3 URL by default).</summary>
    public static Dictionary<string, object?> Endpoint(PlatformProcess store, string bucket, string? url = null) => new()
    {
        ["type"] = "s3v4",
        ["accessKey"] = store.RootAccessKey,
        ["secretKey"] = store.RootSecretKey,
        ["bucket"] = bucket,
        ["endpoint"] = url ?? store.S3Url,
        ["region"] = "us-east-1",
    };

    /// <summary>The same bucket as an endpoint configuration the connectors open.</summary>
    public static Transporter.Core.Endpoints.EndpointConfig S3Endpoint(PlatformProcess store, string bucket) => new()
    {
        Type = "s3v4",
        AccessKey = store.RootAccessKey,
        SecretKey = store.RootSecretKey,
        Bucket = bucket,
        Endpoint = store.S3Url,
        Region = "us-east-1",
    };

    /// <summary>GET /state; null while the API does not answer 200 (no worker started the run yet, or the API is down).</summary>
    public async Task<JsonElement?> TryStateAsync(string id)
    {
        try
        {
            var response = await Client.GetAsync($"/state/{id}");
            return response.Status == HttpStatusCode.OK ? response.Json : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>Polls GET /state until <paramref name="done"/> holds.</summary>
    public async Task<JsonElement> WaitAsync(string id, Func<JsonElement, bool> done, int seconds, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        JsonElement? last = null;
        while (DateTime.UtcNow < deadline)
        {
            if (await TryStateAsync(id) is { } state)
            {
                last = state;
                if (done(state)) return state;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"migration {id}: {what} not reached in {seconds} s; last state: {last}\n{Logs()}");
    }

    public Task<JsonElement> WaitForCompletedAsync(string id, long atLeast, int seconds = 120) =>
        WaitAsync(id, s => s.GetProperty("filesCompleted").GetInt64() >= atLeast, seconds, $"{atLeast} objects copied");

    public Task<JsonElement> WaitForFinishAsync(string id, int seconds = 240) =>
        WaitAsync(id, s => s.GetProperty("state").GetInt32() is 2 or 3 or 6 or 7, seconds, "the end of the run");

    public async Task<NpgsqlConnection> OpenDatabaseAsync()
    {
        var connection = new NpgsqlConnection(DatabaseUrl);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>What every process printed, for the message of a failed assertion.</summary>
    public string Logs()
    {
        var text = new StringBuilder();
        text.AppendLine("===== api").AppendLine(Tail(Api.Output));
        for (var i = 0; i < Workers.Count; i++) text.AppendLine($"===== worker {i}").AppendLine(Tail(Workers[i].Output));
        return text.ToString();
    }

    private static string Tail(string output) => output.Length <= 20_000 ? output : "..." + output[^20_000..];

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Task.WhenAll(Workers.Select(w => w.DisposeAsync().AsTask()).Append(Api.DisposeAsync().AsTask())
            .Concat(_replicas.Select(r => r.DisposeAsync().AsTask())));
        NpgsqlConnection.ClearAllPools();
    }
}
