using System.Net;
using Dapper;
using Transporter.ScaleOut.Tests.Infrastructure;
using Transporter.Testing.Api;

namespace Transporter.ScaleOut.Tests;

/// <summary>The API process of the distributed mode (TRANSPORTER_ROLES=api) publishes run starts and consumes nothing:
/// with no worker running, a new migration waits Queued and its StartMigrationRun waits in the broker; workers started
/// later take it, each with a bounded prefetch. API replicas share everything through the database.</summary>
[Collection(ScaleOutCollection.Name)]
public sealed class ApiRoleTests(ScaleOutServers servers)
{
    [Fact]
    public async Task The_api_publishes_run_starts_and_leaves_every_queue_to_the_workers()
    {
        var source = await servers.SourceBucketAsync(ScaleOutServers.Few);
        var destination = await servers.NewDestinationBucketAsync();
        // One worker declares the queues, then dies: from here on only the API is connected to the vhost.
        await using var platform = await DistributedPlatform.StartAsync(servers, workers: 1);
        await platform.Workers[0].KillAsync();

        var id = await platform.CreateMigrationAsync(source, destination);
        await Task.Delay(TimeSpan.FromSeconds(3));

        var queues = await servers.RabbitMq.QueuesAsync(platform.Vhost);
        Assert.Equal((1L, 0L), queues["transporter-start-runs"]);
        Assert.Equal((0L, 0L), queues["transporter-copy-batches"]);
        await using (var db = await platform.OpenDatabaseAsync())
            Assert.Equal(9, await db.ExecuteScalarAsync<int>("SELECT state FROM migration_runs WHERE migration_id = @id", new { id }));
        Assert.Null(await platform.TryStateAsync(id)); // Queued: /state answers 404 until a worker starts the run

        await platform.AddWorkerAsync();
        await platform.AddWorkerAsync();
        // Each worker takes at most TRANSPORTER_BATCH_CONCURRENCY (4) batches ahead: the rest stay for the others.
        // A started worker registers its consumers a moment later: wait until both are there.
        var copyConsumers = (await servers.RabbitMq.ConsumersAsync(platform.Vhost)).Where(c => c.Queue == "transporter-copy-batches").ToList();
        for (var deadline = DateTime.UtcNow.AddSeconds(30); copyConsumers.Count < 2 && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(200);
            copyConsumers = (await servers.RabbitMq.ConsumersAsync(platform.Vhost)).Where(c => c.Queue == "transporter-copy-batches").ToList();
        }
        Assert.Equal([4L, 4L], copyConsumers.Select(c => c.Prefetch));
        var finished = await platform.WaitForFinishAsync(id);

        await ExactCopy.AssertAsync(platform, servers, id, finished, ScaleOutServers.Few, destination);
        Assert.Equal(0L, (await servers.RabbitMq.QueuesAsync(platform.Vhost))["transporter-start-runs"].Messages);
    }

    [Fact]
    public async Task Api_replicas_share_every_migration_through_the_database()
    {
        var source = await servers.SourceBucketAsync(ScaleOutServers.Few);
        var destination = await servers.NewDestinationBucketAsync();
        await using var platform = await DistributedPlatform.StartAsync(servers, workers: 1);
        var replica = await platform.AddApiReplicaAsync();
        using var replicaClient = new TransporterApiClient(replica.ApiUrl, DistributedPlatform.AccessKey, DistributedPlatform.SecretKey);

        var id = await platform.CreateMigrationAsync(source, destination);
        var finished = await platform.WaitForFinishAsync(id);
        var seenByReplica = await replicaClient.GetAsync($"/state/{id}");
        var listedByReplica = await replicaClient.GetAsync("/migrations");

        Assert.Equal(HttpStatusCode.OK, seenByReplica.Status);
        Assert.Equal(finished.ToString(), seenByReplica.Json.ToString());
        Assert.Contains(id, listedByReplica.Body);
        await ExactCopy.AssertAsync(platform, servers, id, finished, ScaleOutServers.Few, destination);
    }
}
