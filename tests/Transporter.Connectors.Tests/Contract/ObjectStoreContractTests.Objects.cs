using Transporter.Connectors.Tests.Streams;
using Transporter.Core.Storage;

namespace Transporter.Connectors.Tests.Contract;

public abstract partial class ObjectStoreContractTests
{
    [Fact]
    public async Task Stat_of_a_missing_key_is_null()
    {
        Assert.Null(await Store.StatAsync("no/such/key", Ct));
    }

    [Fact]
    public async Task Reading_a_missing_key_throws_NotFound()
    {
        var error = await Assert.ThrowsAsync<ObjectStoreException>(() => Store.OpenReadAsync("no/such/key", null, Ct));

        Assert.Equal(ObjectStoreErrorKind.NotFound, error.Kind);
    }

    [Fact]
    public async Task Reads_the_whole_object_and_byte_ranges()
    {
        var content = RandomBytes(100_000);
        await PutAsync("data/blob.bin", content);

        Assert.Equal(content, await ReadAllAsync(Store, "data/blob.bin"));
        Assert.Equal(content[10..20], await ReadAllAsync(Store, "data/blob.bin", new ByteRange(10, 19)));
        Assert.Equal(content[^1..], await ReadAllAsync(Store, "data/blob.bin", new ByteRange(99_999, 99_999)));
        Assert.Equal(content[..1], await ReadAllAsync(Store, "data/blob.bin", new ByteRange(0, 0)));
        await using var ranged = await Store.OpenReadAsync("data/blob.bin", ByteRange.OfLength(50_000, 1000), Ct);
        Assert.Equal(100_000, ranged.Metadata.Size);
        Assert.Equal(1000, ranged.ContentLength);
    }

    [Fact]
    public async Task A_read_of_the_listed_version_fails_with_VersionChanged_once_the_object_is_overwritten()
    {
        var first = RandomBytes(20_000);
        await PutAsync("versioned/object.bin", first);
        var listed = Assert.Single(await ListAllAsync(Store, "versioned/"));
        var version = ExpectedVersion.Of(listed);
        Assert.NotNull(version);

        // The listed version reads, whole and by range, while it is there.
        await using (var whole = await Store.OpenReadAsync(listed.Key, null, version, Ct))
            Assert.Equal(first.Length, whole.ContentLength);
        await using (var part = await Store.OpenReadAsync(listed.Key, new ByteRange(100, 199), version, Ct))
            Assert.Equal(100, part.ContentLength);
        await PutAsync("versioned/object.bin", RandomBytes(20_000));

        var whole2 = await Assert.ThrowsAsync<ObjectStoreException>(() => Store.OpenReadAsync(listed.Key, null, version, Ct));
        var ranged = await Assert.ThrowsAsync<ObjectStoreException>(() => Store.OpenReadAsync(listed.Key, new ByteRange(100, 199), version, Ct));
        Assert.Equal((ObjectStoreErrorKind.VersionChanged, ObjectStoreErrorKind.VersionChanged), (whole2.Kind, ranged.Kind));
    }

    [Fact]
    public async Task A_read_of_the_listed_version_of_a_deleted_object_throws_NotFound()
    {
        await PutAsync("versioned/gone.bin", RandomBytes(1000));
        var listed = Assert.Single(await ListAllAsync(Store, "versioned/"));
        await Store.DeleteAsync(listed.Key, Ct);

        var error = await Assert.ThrowsAsync<ObjectStoreException>(() => Store.OpenReadAsync(listed.Key, null, ExpectedVersion.Of(listed), Ct));

        Assert.Equal(ObjectStoreErrorKind.NotFound, error.Kind);
    }

    [Fact]
    public async Task Write_keeps_every_metadata_field_and_the_tags()
    {
        var content = RandomBytes(4096);
        var written = await PutAsync("meta/all fields.txt", content, r => WithAllMetadata(r, content));
        var expected = WithAllMetadata(new ObjectWriteRequest { Key = "meta/all fields.txt", Size = content.Length }, content);

        var stat = await Store.StatAsync("meta/all fields.txt", Ct);
        await using var download = await Store.OpenReadAsync("meta/all fields.txt", null, Ct);

        foreach (var metadata in new[] { stat!, download.Metadata })
        {
            Assert.Equal(content.Length, metadata.Size);
            Assert.Equal(expected.ContentType, metadata.ContentType);
            Assert.Equal(expected.CacheControl, metadata.CacheControl);
            Assert.Equal(expected.ContentDisposition, metadata.ContentDisposition);
            Assert.Equal(expected.ContentEncoding, metadata.ContentEncoding);
            Assert.Equal(expected.ContentLanguage, metadata.ContentLanguage);
            Assert.Equal(expected.Expires, metadata.Expires);
            Assert.Equal(expected.UserMetadata.OrderBy(m => m.Key), metadata.UserMetadata.OrderBy(m => m.Key));
            Assert.False(string.IsNullOrEmpty(metadata.ETag));
            if (Store.Capabilities.Md5Digests) Assert.Equal(expected.ContentMd5, metadata.ContentMd5);
        }
        if (Store.Capabilities.Md5Digests && written.ContentMd5 is not null) Assert.Equal(expected.ContentMd5, written.ContentMd5);
        var tags = await Store.GetTagsAsync("meta/all fields.txt", Ct);
        if (KeepsTags)
        {
            Assert.Equal(expected.Tags.OrderBy(t => t.Key), tags.OrderBy(t => t.Key));
            if (stat!.TagCount is { } count) Assert.Equal(2, count);
        }
        else
        {
            Assert.Empty(tags);
        }
    }

    [Fact]
    public async Task Write_replaces_an_existing_object_with_its_metadata()
    {
        await PutAsync("over/write", RandomBytes(300), r => r with { ContentType = "text/plain", UserMetadata = new Dictionary<string, string> { ["first"] = "1" } });
        var second = RandomBytes(10);

        await PutAsync("over/write", second, r => r with { ContentType = "application/json", UserMetadata = new Dictionary<string, string> { ["second"] = "2" } });

        var stat = await Store.StatAsync("over/write", Ct);
        Assert.Equal(10, stat!.Size);
        Assert.Equal("application/json", stat.ContentType);
        Assert.Equal(["second"], stat.UserMetadata.Keys);
        Assert.Equal(second, await ReadAllAsync(Store, "over/write"));
        Assert.Single(await ListAllAsync(Store, "over/"));
    }

    [Fact]
    public async Task Writes_an_empty_object()
    {
        await PutAsync("empty", []);

        Assert.Equal(0, (await Store.StatAsync("empty", Ct))!.Size);
        Assert.Empty(await ReadAllAsync(Store, "empty"));
    }

    [Fact]
    public async Task Content_shorter_than_its_size_fails_and_stores_nothing()
    {
        var request = new ObjectWriteRequest { Key = "short", Size = 1000 };

        var error = await Assert.ThrowsAsync<ObjectStoreException>(() => Store.WriteAsync(request, NonSeekableStream.Of(RandomBytes(400)), Ct));

        Assert.NotEqual(ObjectStoreErrorKind.Transient, error.Kind);
        Assert.Null(await Store.StatAsync("short", Ct));
    }

    [Fact]
    public async Task Write_with_a_storage_class_reports_it()
    {
        if (StorageClassSample is not { } sample) return;
        Assert.True(Store.Capabilities.StorageClasses);

        await PutAsync("cold/object", RandomBytes(10), r => r with { StorageClass = sample.Subtype });

        Assert.Equal(sample.StorageClass, (await Store.StatAsync("cold/object", Ct))!.StorageClass, ignoreCase: true);
    }

    [Fact]
    public async Task Delete_removes_the_object_and_a_missing_key_is_fine()
    {
        await PutAsync("gone", [1, 2]);

        await Store.DeleteAsync("gone", Ct);
        await Store.DeleteAsync("gone", Ct);
        await Store.DeleteAsync("never/existed", Ct);

        Assert.Null(await Store.StatAsync("gone", Ct));
        Assert.Empty(await ListAllAsync(Store, "gone"));
    }

    [Fact]
    public async Task Keys_with_special_characters_round_trip()
    {
        string[] dotSegmentKeys = ["dot/./seg", "dot/../seg"];
        string[] keys = ["sp ace/ü ñ 日本/file.txt", "q?#%&=+;,'\"", "trailing/", .. KeepsDotSegmentKeys ? dotSegmentKeys : []];
        foreach (var key in keys) await PutAsync(key, System.Text.Encoding.UTF8.GetBytes(key));
        if (!KeepsDotSegmentKeys)
            foreach (var key in dotSegmentKeys)
                Assert.Equal(ObjectStoreErrorKind.InvalidRequest, (await Assert.ThrowsAsync<ObjectStoreException>(() => PutAsync(key, [1]))).Kind);

        foreach (var key in keys)
        {
            Assert.Equal(key, (await Store.StatAsync(key, Ct))!.Key);
            Assert.Equal(System.Text.Encoding.UTF8.GetBytes(key), await ReadAllAsync(Store, key));
        }
        Assert.Equal(keys.Order(KeyOrder.Instance), (await ListAllAsync(Store)).Select(o => o.Key));
    }
}
