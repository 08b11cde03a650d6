using System.Net;
using Transporter.Testing.Api;

namespace Transporter.EndToEnd.Tests.Migrations;

/// <summary>Whole migrations through the API: from the platform's store to a foreign store, every object compared.</summary>
[Collection(PlatformCollection.Name)]
public sealed class CopyScenarioTests(PlatformUnderTest env)
{
    [Fact]
    public async Task Two_thousand_mixed_objects_arrive_with_their_content_metadata_and_tags()
    {
        var source = await Buckets.CreateAsync(env.Local, "src");
        var destination = await Buckets.CreateAsync(env.Remote, "dst");
        var objects = new List<(string Key, byte[] Content)>();
        for (var i = 0; i < 2000; i++)
        {
            var size = i switch
            {
                < 3 => 9 * 1024 * 1024 + i * 1_234_567,       // above the 8 MiB multipart threshold
                < 10 => 1024 * 1024 + i,                      // 1 MiB
                < 100 => 8 * 1024 + i * 2000,                 // 8 KiB .. 200 KiB
                _ => i % 7 == 0 ? 0 : (i * 37) % 8192,        // up to 8 KiB, some empty
            };
            var key = (i % 5) switch
            {
                0 => $"plain/object-{i:D4}.bin",
                1 => $"with space/file {i:D4} copy (1).txt",
                2 => $"unicode/caffè-☕-データ-{i:D4}",
                3 => $"plus/a+b+{i:D4}+c",
                _ => $"deep/{i % 13}/{i % 7}/{i:D4}",
            };
            objects.Add((key, Buckets.Content(size, i)));
        }
        await Buckets.PutManyAsync(env.Local, source, objects, (key, request) =>
        {
            var i = objects.FindIndex(o => o.Key == key);
            if (i % 23 != 0) return;
            request.ContentType = "text/x-transporter; charset=utf-8";
            request.Headers.CacheControl = "max-age=60";
            request.Metadata.Add("origin", $"object {i}");
            request.TagSet = [new() { Key = "project", Value = "e2e" }, new() { Key = "index", Value = i.ToString() }];
        });

        var id = await MigrationApi.CreateAsync(env.Api, new { source = Buckets.Endpoint(env.Platform, source), destination = Buckets.Endpoint(env.Foreign, destination) });
        var state = await MigrationApi.WaitForFinishAsync(env.Api, id, seconds: 300);

        var totalBytes = objects.Sum(o => (long)o.Content.Length);
        Assert.Equal(2, state.State());
        Assert.Equal("Completed", state.GetProperty("stateDescription").GetString());
        Assert.True(state.GetProperty("listingCompleted").GetBoolean());
        Assert.Equal((2000L, 2000L, 0L, totalBytes),
            (state.Long("filesFound"), state.Long("filesCompleted"), state.Long("filesFailed"), state.Long("bytesTransmitted")));
        Assert.Empty(state.GetProperty("errors").EnumerateArray());

        var sourceListing = (await Buckets.ListAsync(env.Local, source)).ToDictionary(o => o.Key, StringComparer.Ordinal);
        var copied = (await Buckets.ListAsync(env.Remote, destination)).ToDictionary(o => o.Key, StringComparer.Ordinal);
        Assert.Equal(sourceListing.Keys.Order(StringComparer.Ordinal), copied.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, original) in sourceListing)
        {
            Assert.Equal(original.Size, copied[key].Size);
            // Single-part ETags are the content's MD5 on both stores; the multipart copies are hashed below.
            if (!original.ETag.Contains('-') && !copied[key].ETag.Contains('-')) Assert.Equal(original.ETag, copied[key].ETag);
        }
        foreach (var (key, content) in objects.Where(o => o.Content.Length > 8 * 1024 * 1024))
        {
            Assert.Contains('-', copied[key].ETag);
            Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(content)), await Buckets.Sha256Async(env.Remote, destination, key));
        }
        // Every 23rd object (all key shapes, one multipart object) carries a content type, cache control, user metadata and tags.
        for (var i = 0; i < objects.Count; i += 23)
            Assert.Equal(await Buckets.DescribeAsync(env.Local, source, objects[i].Key), await Buckets.DescribeAsync(env.Remote, destination, objects[i].Key));
        Assert.Equal("type=text/x-transporter; charset=utf-8; cache=max-age=60; x-amz-meta-origin=object 46; tags: index=46, project=e2e",
            await Buckets.DescribeAsync(env.Remote, destination, objects[46].Key));
    }

    [Fact]
    public async Task A_prefix_with_deleteAfterUpload_moves_only_that_prefix()
    {
        var source = await Buckets.CreateAsync(env.Local, "move-src");
        var destination = await Buckets.CreateAsync(env.Local, "move-dst");
        var moved = Enumerable.Range(0, 40).Select(i => ($"2024/07/day {i:D2}.log", Buckets.Content(1000 + i, i))).ToList();
        var kept = Enumerable.Range(0, 10).Select(i => ($"2024/08/day {i:D2}.log", Buckets.Content(500, 100 + i)))
            .Append(("2024/07-summary.txt", Buckets.Content(10, 7))).ToList();
        await Buckets.PutManyAsync(env.Local, source, moved.Concat(kept));

        var id = await MigrationApi.CreateAsync(env.Api, new
        {
            source = Buckets.Endpoint(env.Platform, source, prefix: "2024/07/"),
            destination = Buckets.Endpoint(env.Platform, destination),
            deleteAfterUpload = true,
        });
        var state = await MigrationApi.WaitForFinishAsync(env.Api, id);

        Assert.Equal((2, 40L, 40L), (state.State(), state.Long("filesFound"), state.Long("filesCompleted")));
        Assert.Equal(moved.Select(m => m.Item1).Order(StringComparer.Ordinal), (await Buckets.ListAsync(env.Local, destination)).Select(o => o.Key));
        Assert.Equal(kept.Select(k => k.Item1).Order(StringComparer.Ordinal), (await Buckets.ListAsync(env.Local, source)).Select(o => o.Key));
    }

    [Fact]
    public async Task Another_root_neither_sees_nor_touches_the_migration()
    {
        using var admin = new IdentityAdminClient(env.Platform.ApiUrl, PlatformUnderTest.AdminToken);
        var otherKey = "E2EOTHER" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
        await admin.CreateRootAsync("e2e-" + Guid.NewGuid().ToString("N")[..8], otherKey, "e2e-other-root-secret-000000000000001");
        using var other = new TransporterApiClient(env.Platform.ApiUrl, otherKey, "e2e-other-root-secret-000000000000001");
        var source = await Buckets.CreateAsync(env.Local, "iso-src");
        var destination = await Buckets.CreateAsync(env.Local, "iso-dst");
        await Buckets.PutAsync(env.Local, source, "one", Buckets.Content(10, 1));
        var id = await MigrationApi.CreateAsync(env.Api, new { source = Buckets.Endpoint(env.Platform, source), destination = Buckets.Endpoint(env.Platform, destination) });
        await MigrationApi.WaitForFinishAsync(env.Api, id);

        Assert.Empty((await other.GetAsync("/migrations")).Json.EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/state/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/retry/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/sync/{id}")).Status);
        Assert.Contains((await env.Api.GetAsync("/migrations")).Json.EnumerateArray(), m => m.GetProperty("id").GetString() == id);
    }
}
