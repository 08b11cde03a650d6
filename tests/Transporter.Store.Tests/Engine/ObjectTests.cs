using System.Security.Cryptography;
using System.Text;
using Transporter.Store.Engine;
using Transporter.Store.Engine.Checksums;
using Transporter.Store.Engine.Model;

namespace Transporter.Store.Tests.Engine;

public class ObjectTests
{
    [Fact]
    public async Task Put_then_read_keeps_bytes_headers_tags_and_checksum()
    {
        await using var store = await TempEngine.StartAsync();
        var write = new ObjectWrite
        {
            Headers = new ObjectHeaders
            {
                ContentType = "text/plain", CacheControl = "max-age=60", ContentDisposition = "attachment", ContentEncoding = "identity",
                ContentLanguage = "en", Expires = "Thu, 01 Dec 2044 16:00:00 GMT", UserMetadata = [new("color", "blue"), new("size", "ä")],
            },
            Tags = new TagSet([new("project", "x y"), new("k&=", "v/?")]),
        };
        var result = await store.PutAsync("dir/file.txt", "Hello world\n123\n", write,
            new WriteIntegrity { ChecksumAlgorithm = ChecksumAlgorithm.Crc32C, ExpectedChecksum = "Cy8XOQ==" });

        Assert.Equal(Convert.ToHexStringLower(MD5.HashData("Hello world\n123\n"u8)), result.ETag);
        var info = store.Engine.HeadObject(TempEngine.Owner, TempEngine.Bucket, "dir/file.txt");
        Assert.Equal(write.Headers.ContentType, info.Headers.ContentType);
        Assert.Equal(write.Headers.Expires, info.Headers.Expires);
        Assert.Equal(write.Headers.UserMetadata, info.Headers.UserMetadata);
        Assert.Equal(2, info.TagCount);
        Assert.Equal(new ObjectChecksum(ChecksumAlgorithm.Crc32C, "Cy8XOQ=="), info.Checksum);
        Assert.Equal(write.Tags.Tags, store.Engine.GetObjectTags(TempEngine.Owner, TempEngine.Bucket, "dir/file.txt").Tags);
        Assert.Equal("Hello world\n123\n", await store.ReadTextAsync("dir/file.txt"));
        Assert.Equal("world", Encoding.UTF8.GetString(await store.ReadAsync("dir/file.txt", 6, 5)));
    }

    [Fact]
    public async Task Wrong_md5_or_checksum_stores_nothing_and_keeps_the_previous_content()
    {
        await using var store = await TempEngine.StartAsync();
        await store.PutAsync("k", "old");

        var badMd5 = await Assert.ThrowsAsync<StoreException>(() =>
            store.PutAsync("k", "new", integrity: new WriteIntegrity { ContentMd5 = MD5.HashData("other"u8) }));
        var badCrc = await Assert.ThrowsAsync<StoreException>(() =>
            store.PutAsync("k", "new", integrity: new WriteIntegrity { ChecksumAlgorithm = ChecksumAlgorithm.Crc32, TrailingChecksum = () => "AAAAAA==" }));
        var shortBody = await Assert.ThrowsAsync<StoreException>(() =>
            store.Engine.PutObjectAsync(TempEngine.Owner, TempEngine.Bucket, "k", new MemoryStream(new byte[10]), 20, new ObjectWrite(),
                WriteIntegrity.None, CancellationToken.None));

        Assert.Equal(StoreErrorCode.BadDigest, badMd5.Code);
        Assert.Equal(StoreErrorCode.BadDigest, badCrc.Code);
        Assert.Equal(StoreErrorCode.IncompleteBody, shortBody.Code);
        Assert.Equal("old", await store.ReadTextAsync("k"));
        Assert.DoesNotContain(store.Files(), f => f.StartsWith("tmp"));
        Assert.Equal(1, store.StoredData());
    }

    [Fact]
    public async Task Keys_are_never_paths()
    {
        await using var store = await TempEngine.StartAsync(options: TempEngine.FilesOnly);
        string[] keys = ["../../escape", "..", "a/../../b", "/abs", "x//y", "dir/"];
        foreach (var key in keys) await store.PutAsync(key, "content of " + key);

        foreach (var key in keys) Assert.Equal("content of " + key, await store.ReadTextAsync(key));
        Assert.All(store.Files(), f => Assert.Matches(@"^(meta\.db.*|blobs/[0-9a-f]{2}/[0-9a-f]{32})$", f));
        Assert.False(File.Exists(Path.Combine(store.Directory, "..", "escape")));
        Assert.Equal(StoreErrorCode.InvalidArgument, Assert.Throws<StoreException>(() => store.Engine.HeadObject(TempEngine.Owner, TempEngine.Bucket, "nul\0key")).Code);
        Assert.Equal(StoreErrorCode.KeyTooLongError, Assert.Throws<StoreException>(() => store.Engine.HeadObject(TempEngine.Owner, TempEngine.Bucket, new string('é', 513))).Code);
        Assert.Equal(StoreErrorCode.InvalidArgument, Assert.Throws<StoreException>(() => store.Engine.HeadObject(TempEngine.Owner, TempEngine.Bucket, "lone\uD800")).Code);
    }

    [Fact]
    public async Task Concurrent_puts_to_one_key_leave_exactly_one_whole_body()
    {
        await using var store = await TempEngine.StartAsync();
        var bodies = Enumerable.Range(1, 8).Select(i => Enumerable.Repeat((byte)i, 3 * 1024 * 1024 + i).ToArray()).ToArray();

        var results = await Task.WhenAll(bodies.Select(b => Task.Run(() => store.PutAsync("same", b))));

        var content = await store.ReadAsync("same");
        var winner = Array.FindIndex(bodies, b => b.AsSpan().SequenceEqual(content));
        Assert.True(winner >= 0, "the stored bytes are not one of the bodies written");
        var info = store.Engine.HeadObject(TempEngine.Owner, TempEngine.Bucket, "same");
        Assert.Equal(results[winner].ETag, info.ETag);
        Assert.Equal(content.Length, store.Engine.GetBucketUsage(TempEngine.Owner, TempEngine.Bucket).Bytes);
        // Superseded data files are gone: one file for the one object.
        Assert.Single(store.BlobFiles());
    }

    [Fact]
    public async Task A_reader_keeps_reading_the_old_bytes_while_the_key_is_overwritten_and_deleted()
    {
        await using var store = await TempEngine.StartAsync();
        await store.PutAsync("k", new byte[1024 * 1024]);

        using (var open = store.Engine.OpenObject(TempEngine.Owner, TempEngine.Bucket, "k"))
        {
            await store.PutAsync("k", "replacement");
            await store.Engine.DeleteObjectAsync(TempEngine.Owner, TempEngine.Bucket, "k", CancellationToken.None);
            var copy = new MemoryStream();
            await open.CopyToAsync(copy, 0, open.Info.Size, CancellationToken.None);
            Assert.Equal(new byte[1024 * 1024], copy.ToArray());
            // The read file stays until the reader lets go; the small replacement's bytes went with its row at once.
            Assert.Single(store.BlobFiles());
            Assert.Equal(0, store.InlineRows());
        }
        Assert.Empty(store.BlobFiles());
        Assert.Equal(new BucketUsage(0, 0), store.Engine.GetBucketUsage(TempEngine.Owner, TempEngine.Bucket));
    }

    [Fact]
    public async Task Buckets_belong_to_one_root()
    {
        await using var store = await TempEngine.StartAsync();
        var engine = store.Engine;

        Assert.Equal(StoreErrorCode.BucketAlreadyOwnedByYou, (await Assert.ThrowsAsync<StoreException>(() => engine.CreateBucketAsync(TempEngine.Owner, TempEngine.Bucket, default))).Code);
        Assert.Equal(StoreErrorCode.BucketAlreadyExists, (await Assert.ThrowsAsync<StoreException>(() => engine.CreateBucketAsync("root2", TempEngine.Bucket, default))).Code);
        Assert.Equal(StoreErrorCode.AccessDenied, Assert.Throws<StoreException>(() => engine.ListObjects("root2", TempEngine.Bucket, new ListObjectsQuery("", null, null, 10))).Code);
        Assert.Equal(StoreErrorCode.InvalidBucketName, (await Assert.ThrowsAsync<StoreException>(() => engine.CreateBucketAsync("root2", "Bad_Name", default))).Code);
        await engine.CreateBucketAsync("root2", "bucket2", default);
        Assert.Equal(["bucket2"], engine.ListBuckets("root2").Select(b => b.Name));
        Assert.Equal([TempEngine.Bucket], engine.ListBuckets(TempEngine.Owner).Select(b => b.Name));

        await store.PutAsync("x", "1");
        Assert.Equal(StoreErrorCode.BucketNotEmpty, (await Assert.ThrowsAsync<StoreException>(() => engine.DeleteBucketAsync(TempEngine.Owner, TempEngine.Bucket, default))).Code);
        await engine.DeleteObjectAsync(TempEngine.Owner, TempEngine.Bucket, "x", default);
        var upload = await engine.CreateMultipartUploadAsync(TempEngine.Owner, TempEngine.Bucket, "m", new ObjectWrite(), "u", null, ChecksumType.Composite, default);
        Assert.Equal(StoreErrorCode.BucketNotEmpty, (await Assert.ThrowsAsync<StoreException>(() => engine.DeleteBucketAsync(TempEngine.Owner, TempEngine.Bucket, default))).Code);
        await engine.AbortMultipartUploadAsync(TempEngine.Owner, TempEngine.Bucket, "m", upload.UploadId, default);
        await engine.DeleteBucketAsync(TempEngine.Owner, TempEngine.Bucket, default);
        Assert.Empty(engine.ListBuckets(TempEngine.Owner));
    }

    [Fact]
    public async Task Cached_reads_see_every_committed_change()
    {
        await using var store = await TempEngine.StartAsync();
        var engine = store.Engine;
        await store.PutAsync("hot", "version-1");
        for (var i = 0; i < 3; i++) Assert.Equal("version-1", await store.ReadTextAsync("hot")); // now cached

        await store.PutAsync("hot", "version-2");
        Assert.Equal("version-2", await store.ReadTextAsync("hot"));
        await engine.PutObjectTagsAsync(TempEngine.Owner, TempEngine.Bucket, "hot", new TagSet([new("a", "b")]), default);
        Assert.Equal(1, engine.HeadObject(TempEngine.Owner, TempEngine.Bucket, "hot").TagCount);
        using (var source = engine.OpenObject(TempEngine.Owner, TempEngine.Bucket, "hot"))
            await engine.CopyObjectAsync(TempEngine.Owner, source, TempEngine.Bucket, "hot",
                new CopyDirectives(new ObjectHeaders { ContentType = "text/x-new" }, null), default);
        Assert.Equal("text/x-new", engine.HeadObject(TempEngine.Owner, TempEngine.Bucket, "hot").Headers.ContentType);
        await engine.DeleteObjectsAsync(TempEngine.Owner, TempEngine.Bucket, [new ObjectToDelete("hot")], default);
        Assert.Equal(StoreErrorCode.NoSuchKey, Assert.Throws<StoreException>(() => engine.HeadObject(TempEngine.Owner, TempEngine.Bucket, "hot")).Code);

        // Many concurrent readers and writers: every read returns one whole version, and the last read the last write.
        var writes = Enumerable.Range(0, 50).Select(i => $"value-{i:D3}").ToList();
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (var n = 0; n < 200; n++)
            {
                try
                {
                    Assert.Matches("^value-[0-9]{3}$", await store.ReadTextAsync("race"));
                }
                catch (StoreException e) when (e.Code == StoreErrorCode.NoSuchKey)
                {
                }
            }
        })).ToList();
        foreach (var value in writes) await store.PutAsync("race", value);
        await Task.WhenAll(readers);
        Assert.Equal("value-049", await store.ReadTextAsync("race"));
    }
}
