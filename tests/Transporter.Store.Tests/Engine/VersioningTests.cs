using Transporter.Store.Engine;
using Transporter.Store.Engine.Model;

namespace Transporter.Store.Tests.Engine;

/// <summary>The version-row model on a real SQLite file: current rows, noncurrent versions, delete markers, the null
/// version, usage totals, version listing order and paging, and data files reclaimed when versions go.</summary>
public class VersioningTests
{
    private const string Owner = TempEngine.Owner;
    private const string Bucket = TempEngine.Bucket;

    [Fact]
    public async Task Enabled_keeps_every_version_and_delete_markers_hide_the_key_until_removed()
    {
        await using var store = await TempEngine.StartAsync();
        var engine = store.Engine;
        var before = await store.PutAsync("k", "before versioning");
        Assert.Null(before.VersionId);
        await engine.SetBucketVersioningAsync(Owner, Bucket, VersioningState.Enabled, default);
        var v1 = (await store.PutAsync("k", "one")).VersionId!;
        var v2 = (await store.PutAsync("k", "two")).VersionId!;
        Assert.NotEqual(v1, v2);
        Assert.Equal("two", await store.ReadTextAsync("k"));
        Assert.Equal("one", await ReadVersionAsync(engine, "k", v1));
        Assert.Equal("before versioning", await ReadVersionAsync(engine, "k", "null"));

        var marker = await engine.DeleteObjectAsync(Owner, Bucket, "k", default);
        Assert.True(marker.DeleteMarker);
        var hidden = Assert.Throws<StoreException>(() => engine.HeadObject(Owner, Bucket, "k"));
        Assert.Equal((StoreErrorCode.NoSuchKey, marker.VersionId), (hidden.Code, hidden.DeleteMarkerVersionId));
        Assert.Equal(StoreErrorCode.MethodNotAllowed, Assert.Throws<StoreException>(() => engine.HeadObject(Owner, Bucket, "k", marker.VersionId)).Code);
        Assert.Empty(store.List().Objects);

        var page = engine.ListObjectVersions(Owner, Bucket, new ListVersionsQuery("", null, null, null, 1000));
        Assert.Equal<(string?, bool, bool)>([(marker.VersionId, true, true), (v2, false, false), (v1, false, false), ("null", false, false)],
            page.Versions.Select(v => ((string?)ObjectVersionIds.Show(v.VersionId), v.IsDeleteMarker, v.IsLatest)));

        // Removing the marker makes the newest data version current again; removing the current one, the next.
        await engine.DeleteObjectAsync(Owner, Bucket, "k", default, marker.VersionId);
        Assert.Equal("two", await store.ReadTextAsync("k"));
        await engine.DeleteObjectAsync(Owner, Bucket, "k", default, v2);
        Assert.Equal("one", await store.ReadTextAsync("k"));
        Assert.Equal(StoreErrorCode.NoSuchVersion, Assert.Throws<StoreException>(() => engine.HeadObject(Owner, Bucket, "k", v2)).Code);
        Assert.Equal(StoreErrorCode.InvalidArgument, Assert.Throws<StoreException>(() => engine.HeadObject(Owner, Bucket, "k", "not-an-id")).Code);

        var usage = engine.GetBucketUsage(Owner, Bucket);
        Assert.Equal(("one".Length + "before versioning".Length, 1L), (usage.Bytes, usage.Objects));
        await engine.DeleteObjectAsync(Owner, Bucket, "k", default, v1);
        await engine.DeleteObjectAsync(Owner, Bucket, "k", default, "null");
        Assert.Equal(new BucketUsage(0, 0), engine.GetBucketUsage(Owner, Bucket));
        Assert.Equal(0, store.StoredData());
        await engine.DeleteBucketAsync(Owner, Bucket, default);
    }

    [Fact]
    public async Task Suspended_writes_and_deletes_replace_the_null_version_and_keep_the_others()
    {
        await using var store = await TempEngine.StartAsync();
        var engine = store.Engine;
        await engine.SetBucketVersioningAsync(Owner, Bucket, VersioningState.Enabled, default);
        var v1 = (await store.PutAsync("k", "enabled")).VersionId!;
        await engine.SetBucketVersioningAsync(Owner, Bucket, VersioningState.Suspended, default);
        Assert.Equal("null", (await store.PutAsync("k", "null one")).VersionId);
        Assert.Equal("null", (await store.PutAsync("k", "null two")).VersionId);
        Assert.Equal(["null", v1], Versions(engine).Select(v => ObjectVersionIds.Show(v.VersionId)));

        var marker = await engine.DeleteObjectAsync(Owner, Bucket, "k", default);
        Assert.Equal(("null", true), (marker.VersionId, marker.DeleteMarker));
        Assert.Equal([("null", true), (v1, false)], Versions(engine).Select(v => (ObjectVersionIds.Show(v.VersionId), v.IsDeleteMarker)));
        Assert.Equal("enabled".Length, engine.GetBucketUsage(Owner, Bucket).Bytes);
        Assert.Equal(1, store.StoredData());
    }

    [Fact]
    public async Task Version_listing_pages_by_key_and_version_markers_and_rolls_up_common_prefixes()
    {
        await using var store = await TempEngine.StartAsync();
        var engine = store.Engine;
        await engine.SetBucketVersioningAsync(Owner, Bucket, VersioningState.Enabled, default);
        var expected = new List<(string Key, string Version)>();
        foreach (var key in new[] { "a", "b", "dir/x", "dir/y", "e" })
        {
            var versions = new List<string>();
            for (var i = 0; i < 3; i++) versions.Add((await store.PutAsync(key, $"{key}{i}")).VersionId!);
            versions.Reverse();
            expected.AddRange(versions.Select(v => (key, v)));
        }

        var seen = new List<(string, string)>();
        string? keyMarker = null, versionMarker = null;
        for (var pages = 0; pages < 20; pages++)
        {
            var page = engine.ListObjectVersions(Owner, Bucket, new ListVersionsQuery("", null, keyMarker, versionMarker, 2));
            seen.AddRange(page.Versions.Select(v => (v.Key, v.VersionId!)));
            if (!page.IsTruncated) break;
            (keyMarker, versionMarker) = (page.NextKeyMarker, page.NextVersionIdMarker);
        }
        Assert.Equal(expected, seen);

        var rolled = engine.ListObjectVersions(Owner, Bucket, new ListVersionsQuery("", "/", null, null, 1000));
        Assert.Equal(["dir/"], rolled.CommonPrefixes);
        Assert.Equal(9, rolled.Versions.Count);
        var afterDir = engine.ListObjectVersions(Owner, Bucket, new ListVersionsQuery("", "/", "dir/", null, 1000));
        Assert.Equal(["e", "e", "e"], afterDir.Versions.Select(v => v.Key));
        Assert.Equal([true, false, false], afterDir.Versions.Select(v => v.IsLatest));
    }

    [Fact]
    public async Task Versions_survive_a_restart_and_an_old_data_dir_reads_as_null_versions()
    {
        await using var store = await TempEngine.StartAsync();
        await store.PutAsync("old", "written unversioned");
        await store.Engine.SetBucketVersioningAsync(Owner, Bucket, VersioningState.Enabled, default);
        var v = (await store.PutAsync("old", "new")).VersionId!;
        await store.ReopenAsync();
        Assert.Equal(VersioningState.Enabled, store.Engine.GetBucket(Owner, Bucket).Versioning);
        Assert.Equal("written unversioned", await ReadVersionAsync(store.Engine, "old", "null"));
        Assert.Equal("new", await ReadVersionAsync(store.Engine, "old", v));
    }

    [Fact]
    public async Task A_data_dir_of_the_first_schema_opens_with_its_objects_readable_and_versionable()
    {
        // The metadata file as the store before versioning wrote it: schema step 1 only, one bucket, one object.
        var directory = Transporter.Testing.RepoPaths.NewTempDir("engine-v1");
        var database = Transporter.Core.Persistence.Database.Sqlite(Path.Combine(directory, "meta.db"));
        await Transporter.Core.Persistence.SchemaMigrator.ApplyAsync(database,
            Store.Engine.Metadata.StoreSchema.Component, Store.Engine.Metadata.StoreSchema.Steps.Take(1).ToList());
        await using (var connection = await database.OpenAsync())
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO buckets (name, owner, created, bytes, objects) VALUES ('bucket1', 'root1', 0, 0, 1);
                INSERT INTO objects (bucket, key, id, size, etag, modified, parts, tag_count) VALUES ('bucket1', x'6f6c64', 'id1', 0, 'd41d8cd98f00b204e9800998ecf8427e', 0, 0, 0);
                """;
            await command.ExecuteNonQueryAsync();
        }
        await database.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        await using var store = await TempEngine.StartAsync(directory, createBucket: false);
        Assert.Equal("", await store.ReadTextAsync("old"));
        Assert.Null(store.Engine.HeadObject(Owner, Bucket, "old").VersionId);
        await store.Engine.SetBucketVersioningAsync(Owner, Bucket, VersioningState.Enabled, default);
        var v = (await store.PutAsync("old", "new")).VersionId!;
        Assert.Equal([v, "null"], Versions(store.Engine).Select(x => ObjectVersionIds.Show(x.VersionId)));
    }

    private static IReadOnlyList<ObjectInfo> Versions(StorageEngine engine) =>
        engine.ListObjectVersions(Owner, Bucket, new ListVersionsQuery("", null, null, null, 1000)).Versions;

    private static async Task<string> ReadVersionAsync(StorageEngine engine, string key, string versionId)
    {
        using var stored = engine.OpenObject(Owner, Bucket, key, versionId);
        var buffer = new MemoryStream();
        await stored.CopyToAsync(buffer, 0, stored.Info.Size, default);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
