using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Transporter.Testing;
using Transporter.Testing.Api;
using Transporter.Testing.Persistence;

// usage: Transporter.Bench.Soak <minutes> <kill-every-minutes>
// Needs TRANSPORTER_TEST_POSTGRES and TRANSPORTER_TEST_RABBITMQ (run.sh starts the servers through scripts/test-services.sh).
var minutes = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 30;
var killEvery = TimeSpan.FromMinutes(args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 5);
var postgres = Environment.GetEnvironmentVariable("TRANSPORTER_TEST_POSTGRES");
var rabbitmq = Environment.GetEnvironmentVariable("TRANSPORTER_TEST_RABBITMQ");
if (string.IsNullOrEmpty(postgres) || string.IsNullOrEmpty(rabbitmq))
{
    Console.Error.WriteLine("TRANSPORTER_TEST_POSTGRES and TRANSPORTER_TEST_RABBITMQ must be set (run bench/soak/run.sh)");
    return 2;
}

const string AccessKey = "SOAKROOTACCESSKEY001";
const string SecretKey = "soak-root-secret-key-00000000000000000001";
const int MigrationObjects = 2_000;
const int ObjectBytes = 4096;

// A database and vhost of its own, removed at the end.
var backends = await DistributedBackends.CreateAsync("soak", postgres, rabbitmq);
var env = new Dictionary<string, string>(backends.Environment);
var platform = await PlatformProcess.StartAsync(roles: "api,store,worker", extraEnv: env, accessKey: AccessKey, secretKey: SecretKey);
var worker = await WorkerProcess.StartAsync(env);
using var s3 = S3ClientFactory.For(platform);
using var api = new TransporterApiClient(platform.ApiUrl, AccessKey, SecretKey);
var failures = new List<string>();
var counts = new Counts();
try
{
    var source = "soak-src";
    await s3.PutBucketAsync(new PutBucketRequest { BucketName = source });
    await Parallel.ForEachAsync(Enumerable.Range(0, MigrationObjects), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = source, Key = $"o/{i:D5}", InputStream = new MemoryStream(RandomNumberGenerator.GetBytes(ObjectBytes)), UseChunkEncoding = false,
        }, ct));
    await s3.PutBucketAsync(new PutBucketRequest { BucketName = "soak-traffic" });

    using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(minutes));
    var clock = Stopwatch.StartNew();
    var samples = new List<(double Minute, long Platform, long Worker)>();
    Console.WriteLine($"soak for {minutes:0.#} min: migrations of {MigrationObjects:N0} x {ObjectBytes} B, S3 traffic, bad input, a worker killed every {killEvery.TotalMinutes:0.#} min");
    Console.WriteLine("minute   platform RSS   worker RSS   migrations   S3 ops   bad requests   worker kills");
    var loops = new[]
    {
        MigrateAsync(stop.Token), TrafficAsync(stop.Token), BadInputAsync(stop.Token), KillAsync(stop.Token), SampleAsync(stop.Token),
    };
    await Task.WhenAll(loops);

    var warm = samples.Where(s => s.Minute >= minutes / 4).ToList();
    if (warm.Count < 2) throw new InvalidOperationException("the soak was too short to measure growth");
    var (start, end) = (warm[0].Platform, warm[^1].Platform);
    var growth = (end - start) / (double)start;
    var peak = samples.Max(s => s.Platform);
    Console.WriteLine();
    Console.WriteLine($"platform RSS: {Mb(start)} after warm-up (minute {warm[0].Minute:0.0}), {Mb(end)} at the end, peak {Mb(peak)}: growth {growth * 100:+0.0;-0.0} % (target < 10 %)");
    Console.WriteLine($"done: {counts.Migrations} migrations ({counts.Migrations * MigrationObjects:N0} objects), {counts.S3Ops:N0} S3 operations, " +
                      $"{counts.BadRequests:N0} bad requests refused, {counts.Kills} worker kills; failures: {failures.Count}");
    foreach (var failure in failures.Take(10)) Console.WriteLine("  " + failure);
    return failures.Count == 0 && growth < 0.10 ? 0 : 1;

    async Task MigrateAsync(CancellationToken ct)
    {
        for (var n = 1; !ct.IsCancellationRequested; n++)
        {
            var destination = $"soak-dst-{n}";
            try
            {
                await s3.PutBucketAsync(new PutBucketRequest { BucketName = destination }, ct);
                var created = await api.PostAsync("/migrations", new
                {
                    source = Endpoint(source, "127.0.0.1"),
                    // Another host name for the same store: the copies stream through the workers instead of server-side.
                    destination = Endpoint(destination, "localhost"),
                });
                if (created.Status != HttpStatusCode.Created) throw new InvalidOperationException($"POST /migrations: {created}");
                var id = created.Json.GetProperty("id").GetString();
                while (true)
                {
                    // Not cut short by the end of the soak: a migration under way is waited for.
                    await Task.Delay(500, CancellationToken.None);
                    var state = await api.GetAsync($"/state/{id}");
                    if (state.Status != HttpStatusCode.OK || state.Json.GetProperty("state").GetInt32() is not (2 or 3 or 6 or 7)) continue;
                    var s = state.Json;
                    if (s.GetProperty("state").GetInt32() != 2 || s.GetProperty("filesCompleted").GetInt64() != MigrationObjects)
                        throw new InvalidOperationException($"migration {n} did not copy every object once: {state}");
                    break;
                }
                Interlocked.Increment(ref counts.Migrations);
                await EmptyAsync(destination);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                lock (failures) failures.Add($"migration {n}: {e.Message}");
            }
        }
    }

    async Task EmptyAsync(string bucket)
    {
        for (var i = 0; i < MigrationObjects; i += 1000)
            await s3.DeleteObjectsAsync(new DeleteObjectsRequest
            {
                BucketName = bucket,
                Objects = Enumerable.Range(i, Math.Min(1000, MigrationObjects - i)).Select(k => new KeyVersion { Key = $"o/{k:D5}" }).ToList(),
            });
        await s3.DeleteBucketAsync(bucket);
    }

    async Task TrafficAsync(CancellationToken ct)
    {
        for (var i = 0; !ct.IsCancellationRequested; i++)
        {
            try
            {
                var key = $"t/{i % 500:D3}";
                var size = Random.Shared.Next(1024, 1024 * 1024);
                await s3.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = "soak-traffic", Key = key, InputStream = new MemoryStream(RandomNumberGenerator.GetBytes(size)), UseChunkEncoding = false,
                }, ct);
                using (var got = await s3.GetObjectAsync("soak-traffic", key, ct))
                    await got.ResponseStream.CopyToAsync(Stream.Null, ct);
                if (i % 3 == 0) await s3.DeleteObjectAsync("soak-traffic", key, ct);
                Interlocked.Add(ref counts.S3Ops, i % 3 == 0 ? 3 : 2);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                lock (failures) failures.Add($"S3 traffic: {e.Message}");
            }
        }
    }

    async Task BadInputAsync(CancellationToken ct)
    {
        var refusals = new Func<Task<bool>>[]
        {
            async () => (await api.PostAsync("/migrations", new { source = new { type = "ftp" } })).Status == HttpStatusCode.BadRequest,
            async () => (await api.SendUnsignedAsync(HttpMethod.Get, "/migrations")).Status == HttpStatusCode.Forbidden,
            async () => (await api.GetAsync("/state/not-an-id")).Status == HttpStatusCode.BadRequest,
            async () =>
            {
                try { await s3.GetObjectAsync("soak-no-such-bucket", "k"); return false; }
                catch (AmazonS3Exception e) { return e.StatusCode == HttpStatusCode.NotFound; }
            },
        };
        for (var i = 0; !ct.IsCancellationRequested; i++)
        {
            try
            {
                if (!await refusals[i % refusals.Length]()) lock (failures) failures.Add($"bad input {i % refusals.Length} was not refused as expected");
                Interlocked.Increment(ref counts.BadRequests);
                await Task.Delay(100, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
            }
        }
    }

    async Task KillAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(killEvery, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            await worker.KillAsync();
            counts.Kills++;
            await worker.RestartAsync();
        }
    }

    async Task SampleAsync(CancellationToken ct)
    {
        while (true)
        {
            var sample = (clock.Elapsed.TotalMinutes, Rss(platform.Pid), Rss(worker.Pid));
            samples.Add(sample);
            Console.WriteLine($"{sample.Item1,6:0.0}   {Mb(sample.Item2),12}   {Mb(sample.Item3),10}   {counts.Migrations,10}   {counts.S3Ops,6}   {counts.BadRequests,12}   {counts.Kills,12}");
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(30), ct);
            }
            catch (OperationCanceledException)
            {
                samples.Add((clock.Elapsed.TotalMinutes, Rss(platform.Pid), Rss(worker.Pid)));
                return;
            }
        }
    }
}
finally
{
    await worker.DisposeAsync();
    await platform.DisposeAsync();
    await backends.DisposeAsync();
}

Dictionary<string, object?> Endpoint(string bucket, string host) => new()
{
    ["type"] = "s3v4",
    ["accessKey"] = AccessKey,
    ["secretKey"] = SecretKey,
    ["bucket"] = bucket,
    ["endpoint"] = platform.S3Url.Replace("127.0.0.1", host, StringComparison.Ordinal),
    ["region"] = "us-east-1",
};

static long Rss(int pid)
{
    try
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }
    catch (IOException)
    {
    }
    return 0;
}

static string Mb(long bytes) => $"{bytes / 1024.0 / 1024:0} MB";

/// <summary>What the soak did, counted by its loops.</summary>
internal sealed class Counts
{
    public int Migrations;
    public long S3Ops;
    public long BadRequests;
    public int Kills;
}
