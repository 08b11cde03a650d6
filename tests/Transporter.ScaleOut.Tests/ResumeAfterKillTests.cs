using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Dapper;
using Transporter.Connectors.Gcs;
using Transporter.ScaleOut.Tests.Infrastructure;
using Transporter.Testing;
using Transporter.Testing.Gcs;

namespace Transporter.ScaleOut.Tests;

/// <summary>
/// Part-level resume across processes: the only worker copying a 2 GiB object in parts is killed with SIGKILL once about
/// 70 % of its bytes went out (measured by a CorruptingProxy in counting mode, a test double in front of the destination
/// that forwards every byte unchanged); a worker started afterwards takes the object over, continues its upload after the
/// last checkpointed part and sends at most 40 % of the object again; the copy is byte-identical. To the built-in store
/// (S3 multipart upload) and to Azurite (staged blocks). To GCS (one resumable session) against the FAKE JSON API of
/// Transporter.Testing (no real GCS runs here; it counts the bytes it receives itself), with at most 256 MiB, which it
/// holds in memory: the second worker asks the session what it holds and sends the rest. TRANSPORTER_TEST_RESUME_MIB sets
/// a smaller object on a busy machine.
/// </summary>
[Collection(ScaleOutCollection.Name)]
public sealed class ResumeAfterKillTests(ScaleOutServers servers)
{
    private static readonly long Size = (long.TryParse(Environment.GetEnvironmentVariable("TRANSPORTER_TEST_RESUME_MIB"), out var mib) ? mib : 2048) * 1024 * 1024;
    private const ulong Seed = 77;

    [Fact]
    public async Task A_worker_killed_at_70_percent_of_a_2_GiB_copy_to_S3_is_resumed_and_at_most_40_percent_is_sent_again()
    {
        var source = await servers.BigSourceBucketAsync(Size, Seed);
        var destination = await servers.NewDestinationBucketAsync();
        await using var proxy = CorruptingProxy.Counting(new Uri(servers.Destination.S3Url));

        await KillAtSeventyPercentThenResumeAsync(source, Size, DistributedPlatform.Endpoint(servers.Destination, destination, proxy.Url), () => proxy.BytesToServer, async () =>
        {
            using var stored = await servers.DestinationS3.GetObjectAsync(destination, "big.bin");
            return await SHA256.HashDataAsync(stored.ResponseStream);
        });
    }

    [Fact]
    public async Task A_worker_killed_at_70_percent_of_a_2_GiB_copy_to_Azurite_is_resumed_and_at_most_40_percent_is_sent_again()
    {
        var source = await servers.BigSourceBucketAsync(Size, Seed);
        await using var azurite = await Azurite.StartAsync();
        var container = new BlobContainerClient(
            $"DefaultEndpointsProtocol=http;AccountName={Azurite.AccountName};AccountKey={Azurite.AccountKey};BlobEndpoint={azurite.ServiceUrl};",
            "c" + Guid.NewGuid().ToString("N")[..20]);
        await container.CreateAsync();
        await using var proxy = CorruptingProxy.Counting(new Uri(azurite.ServiceUrl));
        var destination = new Dictionary<string, object?>
        {
            ["type"] = "azure",
            ["accessKey"] = Azurite.AccountName,
            ["secretKey"] = Azurite.AccountKey,
            ["bucket"] = container.Name,
            ["endpoint"] = $"{proxy.Url}/{Azurite.AccountName}",
        };

        await KillAtSeventyPercentThenResumeAsync(source, Size, destination, () => proxy.BytesToServer, async () =>
        {
            var stored = await container.GetBlobClient("big.bin").OpenReadAsync();
            return await SHA256.HashDataAsync(stored);
        });
    }

    [Fact]
    public async Task A_worker_killed_at_70_percent_of_a_copy_to_GCS_continues_its_session_and_at_most_40_percent_is_sent_again_AgainstFakeJsonApi()
    {
        var size = Math.Min(Size, 256L * 1024 * 1024);
        var source = await servers.BigSourceBucketAsync(size, Seed);
        await using var gcs = await FakeGcsServer.StartAsync();
        var bucket = "gcs-" + Guid.NewGuid().ToString("N")[..12];
        gcs.CreateBucket(bucket);
        var endpoint = gcs.EndpointFor(bucket);
        var destination = new Dictionary<string, object?>
        {
            ["type"] = endpoint.Type,
            ["bucket"] = bucket,
            ["endpoint"] = endpoint.Endpoint,
            ["gcsConfig"] = endpoint.GcsConfig,
        };

        await KillAtSeventyPercentThenResumeAsync(source, size, destination, () => gcs.UploadBytesReceived, async () =>
        {
            using var provider = new GcsStoreProvider();
            await using var download = await provider.Open(endpoint).OpenReadAsync("big.bin", null, null, CancellationToken.None);
            return await SHA256.HashDataAsync(download.Content);
        });
        Assert.Equal(0, gcs.OpenSessions);
    }

    /// <param name="bytesToDestination">What the destination received so far (bodies of its requests).</param>
    private async Task KillAtSeventyPercentThenResumeAsync(string sourceBucket, long size, Dictionary<string, object?> destination,
        Func<long> bytesToDestination, Func<Task<byte[]>> copyHash)
    {
        var expectedHash = Task.Run(() => GeneratedContent.Sha256(size, Seed));
        await using var platform = await DistributedPlatform.StartAsync(servers, workers: 1);
        var id = await platform.CreateMigrationAsync(DistributedPlatform.Endpoint(servers.Source, sourceBucket), destination);

        var deadline = DateTime.UtcNow.AddMinutes(15);
        while (bytesToDestination() < size * 7 / 10)
        {
            Assert.True(DateTime.UtcNow < deadline, $"70 % of the object was not sent in 15 minutes ({bytesToDestination()} bytes)\n{platform.Logs()}");
            await Task.Delay(20);
        }
        await platform.Workers[0].KillAsync();
        var sentBeforeKill = bytesToDestination();
        await platform.AddWorkerAsync();
        var finished = await platform.WaitForFinishAsync(id, seconds: 900);
        var sentAgain = bytesToDestination() - sentBeforeKill;

        Assert.True(finished.GetProperty("state").GetInt32() == 2, $"not Completed: {finished}\n{platform.Logs()}");
        Assert.Equal((1L, 1L, 0L), (finished.GetProperty("filesFound").GetInt64(), finished.GetProperty("filesCompleted").GetInt64(),
            finished.GetProperty("filesFailed").GetInt64()));
        long reused;
        await using (var db = await platform.OpenDatabaseAsync())
        {
            reused = await db.ExecuteScalarAsync<long?>("SELECT bytes_reused FROM object_reports WHERE migration_id = @id", new { id }) ?? 0;
            Assert.Equal(0L, await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM upload_checkpoints"));
        }
        Console.WriteLine($"resume after kill: {size} bytes, {sentBeforeKill} sent before the kill, {sentAgain} after it, {reused} reused");
        Assert.True(sentAgain <= size * 4 / 10, $"{sentAgain} of {size} bytes were sent again after the kill (reused {reused})\n{platform.Logs()}");
        Assert.True(reused >= size * 6 / 10, $"only {reused} of {size} bytes were reused");
        Assert.True(platform.Workers[1].Output.Contains("Resuming the upload of", StringComparison.Ordinal), platform.Logs());
        Assert.Equal(await expectedHash, await copyHash());
    }
}
