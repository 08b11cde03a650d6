namespace Transporter.EndToEnd.Tests.Migrations;

/// <summary>Incremental syncs after a migration: simple (listings compared) and by-time (modified since the previous
/// successful run); each copies only the changed objects.</summary>
[Collection(PlatformCollection.Name)]
public sealed class SyncScenarioTests(PlatformUnderTest env)
{
    [Fact]
    public async Task Simple_then_by_time_syncs_copy_only_the_changed_objects()
    {
        var source = await Buckets.CreateAsync(env.Local, "sync-src");
        var destination = await Buckets.CreateAsync(env.Remote, "sync-dst");
        await Buckets.PutManyAsync(env.Local, source, Enumerable.Range(0, 100).Select(i => ($"obj-{i:D3}", Buckets.Content(2000, i))));
        var migration = await MigrationApi.CreateAsync(env.Api, new
        {
            source = Buckets.Endpoint(env.Platform, source),
            destination = Buckets.Endpoint(env.Foreign, destination),
        });
        Assert.Equal(100, (await MigrationApi.WaitForFinishAsync(env.Api, migration)).Long("filesCompleted"));

        // Changes for the simple sync: three objects rewritten with other sizes, two added.
        await Buckets.PutManyAsync(env.Local, source, new[] { "obj-010", "obj-020", "obj-030" }.Select(k => (k, Buckets.Content(3000, k.GetHashCode())))
            .Append(("new-1", Buckets.Content(10, 1))).Append(("new-2", Buckets.Content(20, 2))));
        await Task.Delay(1100);
        var simple = await MigrationApi.CreateAsync(env.Api, null, path: $"/sync/{migration}");
        var simpleDone = await MigrationApi.WaitForFinishAsync(env.Api, simple);
        Assert.Equal((2, 5L, 5L), (simpleDone.State(), simpleDone.Long("filesFound"), simpleDone.Long("filesCompleted")));
        await AssertInSyncAsync(source, destination);

        // Changes for the by-time sync: two objects rewritten with the same size (a listing compare by size alone would miss them).
        await Task.Delay(1100);
        await Buckets.PutManyAsync(env.Local, source, new[] { "obj-040", "obj-050" }.Select(k => (k, Buckets.Content(2000, 7000 + k.Length))));
        var byTime = await MigrationApi.CreateAsync(env.Api, null, path: $"/sync/{simple}", query: "?sync-mode=by-time");
        var byTimeDone = await MigrationApi.WaitForFinishAsync(env.Api, byTime);

        Assert.Equal((2, 2L, 2L), (byTimeDone.State(), byTimeDone.Long("filesFound"), byTimeDone.Long("filesCompleted")));
        await AssertInSyncAsync(source, destination);
        var listed = (await env.Api.GetAsync("/migrations")).Json.EnumerateArray().Single(m => m.GetProperty("id").GetString() == byTime);
        Assert.Equal(("sync", "by-time", simple), (listed.GetProperty("kind").GetString(), listed.GetProperty("syncMode").GetString(), listed.GetProperty("parentID").GetString()));
    }

    private async Task AssertInSyncAsync(string source, string destination) =>
        Assert.Equal((await Buckets.ListAsync(env.Local, source)).ToDictionary(o => o.Key, o => o.ETag),
            (await Buckets.ListAsync(env.Remote, destination)).ToDictionary(o => o.Key, o => o.ETag));
}
