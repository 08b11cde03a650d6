using System.Diagnostics;
using System.Net;
using Transporter.Testing;
using Transporter.Testing.Api;
using Transporter.Testing.Persistence;

namespace Transporter.Bench.ScaleOut;

/// <summary>One way to run the platform, measured by copying the source bucket into a fresh destination bucket: the
/// time from POST /migrations to the finished run (GET /state polled every 50 ms).</summary>
public sealed class Scenario(string name, Func<Task<Deployment>> start)
{
    private const string AccessKey = "BENCHROOTACCESSKEY01";
    private const string SecretKey = "bench-root-secret-key-000000000000000001";

    public string Name { get; } = name;

    /// <summary>The embedded default: one platform process (API, store, workers), SQLite, MassTransit in-memory.</summary>
    public static Scenario Embedded() => new("embedded (SQLite, in-memory, 1 process)", async () =>
        new Deployment(await PlatformProcess.StartAsync(accessKey: AccessKey, secretKey: SecretKey), [], null));

    /// <summary>The distributed mode: an API process (role api) and <paramref name="workers"/> worker processes on a fresh
    /// PostgreSQL database and RabbitMQ vhost.</summary>
    public static Scenario Distributed(string postgres, string rabbitmq, int workers) =>
        new($"distributed (PostgreSQL, RabbitMQ, {workers} worker{(workers == 1 ? "" : "s")})", async () =>
        {
            var backends = await DistributedBackends.CreateAsync("bench", postgres, rabbitmq);
            var env = new Dictionary<string, string>(backends.Environment);
            var api = await PlatformProcess.StartAsync(roles: "api", extraEnv: env, accessKey: AccessKey, secretKey: SecretKey);
            var started = await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => WorkerProcess.StartAsync(env)));
            return new Deployment(api, [.. started], async () => await backends.DisposeAsync());
        });

    /// <summary>Objects per second of one migration of <paramref name="objects"/> objects, after an unmeasured warm-up
    /// migration (every process JIT-compiles its copy path on first use); fails unless every object and byte was
    /// counted once.</summary>
    public async Task<double> RunAsync(BenchStores stores, string sourceBucket, int objects, long bytes, (string Bucket, int Objects, long Bytes) warmUp)
    {
        await using var deployment = await start();
        using var api = new TransporterApiClient(deployment.Api.ApiUrl, AccessKey, SecretKey);
        await using var destination = await BenchStores.NewDestinationStoreAsync();
        await MigrateAsync(api, stores, warmUp.Bucket, destination, await BenchStores.NewBucketAsync(destination), warmUp.Objects, warmUp.Bytes);
        return objects / await MigrateAsync(api, stores, sourceBucket, destination, await BenchStores.NewBucketAsync(destination), objects, bytes);
    }

    /// <summary>Seconds from POST /migrations to the finished run.</summary>
    private async Task<double> MigrateAsync(TransporterApiClient api, BenchStores stores, string sourceBucket, PlatformProcess destinationStore,
        string destination, int objects, long bytes)
    {
        var clock = Stopwatch.StartNew();
        var created = await api.PostAsync("/migrations", new
        {
            source = Endpoint(stores.Source, sourceBucket),
            destination = Endpoint(destinationStore, destination),
        });
        if (created.Status != HttpStatusCode.Created) throw new InvalidOperationException($"POST /migrations: {created}");
        var id = created.Json.GetProperty("id").GetString();
        while (true)
        {
            var state = await api.GetAsync($"/state/{id}");
            if (state.Status == HttpStatusCode.OK && state.Json.GetProperty("state").GetInt32() is 2 or 3 or 6 or 7)
            {
                var elapsed = clock.Elapsed.TotalSeconds;
                var s = state.Json;
                if (s.GetProperty("state").GetInt32() != 2 || s.GetProperty("filesCompleted").GetInt64() != objects
                    || s.GetProperty("filesFailed").GetInt64() != 0 || s.GetProperty("bytesTransmitted").GetInt64() != bytes)
                    throw new InvalidOperationException($"{Name}: the migration did not copy every object exactly once: {state}");
                return elapsed;
            }
            if (clock.Elapsed > TimeSpan.FromMinutes(20)) throw new TimeoutException($"{Name}: not finished in 20 minutes: {state}");
            await Task.Delay(50);
        }
    }

    private static Dictionary<string, object?> Endpoint(PlatformProcess store, string bucket) => new()
    {
        ["type"] = "s3v4",
        ["accessKey"] = store.RootAccessKey,
        ["secretKey"] = store.RootSecretKey,
        ["bucket"] = bucket,
        ["endpoint"] = store.S3Url,
        ["region"] = "us-east-1",
    };
}

/// <summary>The processes of one scenario, stopped (and their database and vhost removed) when disposed.</summary>
public sealed class Deployment(PlatformProcess api, IReadOnlyList<WorkerProcess> workers, Func<Task>? cleanup) : IAsyncDisposable
{
    public PlatformProcess Api { get; } = api;

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in workers) await worker.DisposeAsync();
        await Api.DisposeAsync();
        if (cleanup is not null) await cleanup();
    }
}
