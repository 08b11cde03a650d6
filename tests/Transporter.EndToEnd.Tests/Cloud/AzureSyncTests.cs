using Transporter.EndToEnd.Tests.Migrations;

namespace Transporter.EndToEnd.Tests.Cloud;

/// <summary>Incremental syncs and moves with an Azurite container as the source: the platform lists Azure, compares
/// with the store (simple) or filters by modification time (by-time), and deletes the blobs it moved.</summary>
[Collection(CloudCollection.Name)]
public sealed class AzureSyncTests(CloudUnderTest env)
{
    [Fact]
    public async Task Simple_then_by_time_syncs_from_Azurite_copy_only_the_changed_blobs()
    {
        var container = CloudUnderTest.NewName("az-sync");
        var destination = await Buckets.CreateAsync(env.Local, "az-sync-dst");
        await env.Azure.CreateContainersAsync(container);
        await env.Azure.PutAsync(Enumerable.Range(0, 100).Select(i => BlobSpec.For(container, $"obj-{i:D3}", env.Files.Write(2000, i))));
        var migration = await MigrationApi.CreateAsync(env.Api, new { source = env.AzureEndpoint(container), destination = Buckets.Endpoint(env.Platform, destination) });
        Assert.Equal((2, 100L), ((await MigrationApi.WaitForFinishAsync(env.Api, migration)).State(), (await MigrationApi.StateAsync(env.Api, migration)).Long("filesCompleted")));

        // For the simple sync: three blobs rewritten with other sizes, two added.
        await env.Azure.PutAsync(new[] { 10, 20, 30 }.Select(i => BlobSpec.For(container, $"obj-{i:D3}", env.Files.Write(3000, 1000 + i)))
            .Append(BlobSpec.For(container, "new-1", env.Files.Write(10, 1))).Append(BlobSpec.For(container, "new-2", env.Files.Write(20, 2))));
        // By-time syncs compare whole seconds and re-copy what changed in the second the previous run started: start
        // the simple sync in a later second than these writes, so the by-time run below sees only its own changes.
        await Task.Delay(1100);
        var simple = await MigrationApi.CreateAsync(env.Api, null, path: $"/sync/{migration}");
        var simpleDone = await MigrationApi.WaitForFinishAsync(env.Api, simple);
        Assert.Equal((2, 5L, 5L, 0L), (simpleDone.State(), simpleDone.Long("filesFound"), simpleDone.Long("filesCompleted"), simpleDone.Long("filesFailed")));
        await AssertInSyncAsync(container, destination, 102);

        // For the by-time sync: two blobs rewritten with the same size (a comparison by size alone would miss them).
        // Azure's modification times have whole seconds: these writes land after the second the simple sync started in.
        await Task.Delay(1100);
        await env.Azure.PutAsync(new[] { 40, 50 }.Select(i => BlobSpec.For(container, $"obj-{i:D3}", env.Files.Write(2000, 7000 + i))));
        var byTime = await MigrationApi.CreateAsync(env.Api, null, path: $"/sync/{simple}", query: "?sync-mode=by-time");
        var byTimeDone = await MigrationApi.WaitForFinishAsync(env.Api, byTime);
        Assert.Equal((2, 2L, 2L, 0L), (byTimeDone.State(), byTimeDone.Long("filesFound"), byTimeDone.Long("filesCompleted"), byTimeDone.Long("filesFailed")));
        await AssertInSyncAsync(container, destination, 102);
        Assert.Equal(["obj-040", "obj-050"], (await ReportRows.ReadAsync(env.Platform, byTime)).Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task DeleteAfterUpload_moves_a_prefix_out_of_the_Azurite_container()
    {
        var container = CloudUnderTest.NewName("az-move");
        var destination = await Buckets.CreateAsync(env.Local, "az-move-dst");
        await env.Azure.CreateContainersAsync(container);
        var moved = Enumerable.Range(0, 40).Select(i => ($"outbox/day {i:D2}.log", env.Files.Write(1000 + i, i))).ToList();
        var kept = Enumerable.Range(0, 5).Select(i => ($"archive/day {i:D2}.log", env.Files.Write(500, 100 + i))).Append(("outbox-summary.txt", env.Files.Write(10, 7))).ToList();
        await env.Azure.PutAsync(moved.Concat(kept).Select(b => BlobSpec.For(container, b.Item1, b.Item2)));

        var id = await MigrationApi.CreateAsync(env.Api, new
        {
            source = env.AzureEndpoint(container, prefix: "outbox/"),
            destination = Buckets.Endpoint(env.Platform, destination),
            deleteAfterUpload = true,
        });
        var state = await MigrationApi.WaitForFinishAsync(env.Api, id);

        Assert.Equal((2, 40L, 40L, 0L), (state.State(), state.Long("filesFound"), state.Long("filesCompleted"), state.Long("filesFailed")));
        Assert.Equal(kept.Select(k => k.Item1).Order(StringComparer.Ordinal), (await env.Azure.DescribeAsync(container)).Keys.Order(StringComparer.Ordinal));
        var hashes = await StoreObjects.Sha256AllAsync(env.Local, destination, (await Buckets.ListAsync(env.Local, destination)).Select(o => o.Key));
        Assert.Equal(moved.ToDictionary(m => m.Item1, m => m.Item2.Sha256).OrderBy(h => h.Key, StringComparer.Ordinal), hashes.OrderBy(h => h.Key, StringComparer.Ordinal));
    }

    /// <summary>Both sides hold the same keys with the same bytes.</summary>
    private async Task AssertInSyncAsync(string container, string bucket, int count)
    {
        var blobs = await env.Azure.DescribeAsync(container, hash: true);
        var objects = await StoreObjects.Sha256AllAsync(env.Local, bucket, (await Buckets.ListAsync(env.Local, bucket)).Select(o => o.Key));
        Assert.Equal(count, blobs.Count);
        Assert.Equal(blobs.ToDictionary(b => b.Key, b => b.Value.Sha256 ?? "").OrderBy(h => h.Key, StringComparer.Ordinal), objects.OrderBy(h => h.Key, StringComparer.Ordinal));
    }
}
