using System.Security.Cryptography;
using System.Text;
using Transporter.Store.Engine;
using Transporter.Store.Engine.Checksums;
using Transporter.Store.Engine.Model;

namespace Transporter.Store.Tests.Engine;

/// <summary>
/// Small objects live in the metadata database, not in files (Blobs/InlineBlobs): no file is created for them, they
/// read back whole and in ranges (also after a restart), their bytes go with their version row on overwrite and
/// delete, an open object keeps its bytes while its key is replaced, encrypted ones are ciphertext in the database, and
/// copies and part copies read them like any object. Objects above the limit, and parts, stay files.
/// </summary>
public class InlineObjectTests
{
    private const string Owner = TempEngine.Owner;
    private const string Bucket = TempEngine.Bucket;
    private const int Limit = 64 * 1024;

    [Fact]
    public async Task A_small_object_creates_no_file_reads_back_whole_and_in_ranges_and_survives_a_restart()
    {
        await using var store = await TempEngine.StartAsync();
        var small = RandomNumberGenerator.GetBytes(4096);
        var result = await store.PutAsync("small", small);

        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(small)), result.ETag);
        Assert.Empty(store.BlobFiles());
        Assert.DoesNotContain(store.Files(), f => f.StartsWith("tmp", StringComparison.Ordinal) && File.Exists(Path.Combine(store.Directory, f)));
        Assert.Equal(1, store.InlineRows());
        Assert.Equal(small, await store.ReadAsync("small"));
        Assert.Equal(small.AsSpan(100, 50).ToArray(), await store.ReadAsync("small", 100, 50));

        await store.ReopenAsync();
        Assert.Equal(small, await store.ReadAsync("small"));
        Assert.Equal(4096, store.Engine.GetBucketUsage(Owner, Bucket).Bytes);

        // At the limit: inline; one byte more: a data file.
        await store.PutAsync("at-limit", new byte[Limit]);
        await store.PutAsync("over-limit", new byte[Limit + 1]);
        Assert.Equal(2, store.InlineRows());
        Assert.Single(store.BlobFiles());
        Assert.Equal(new byte[Limit + 1], await store.ReadAsync("over-limit"));
    }

    [Fact]
    public async Task Overwrites_and_deletes_take_the_inline_bytes_along()
    {
        await using var store = await TempEngine.StartAsync();
        await store.PutAsync("k", "first");
        await store.PutAsync("k", "second");
        Assert.Equal((0, 1L), (store.BlobFiles().Count, store.InlineRows()));
        Assert.Equal("second", await store.ReadTextAsync("k"));

        await store.PutAsync("k", new byte[Limit + 10]);
        Assert.Equal((1, 0L), (store.BlobFiles().Count, store.InlineRows()));
        await store.PutAsync("k", "small again");
        Assert.Equal((0, 1L), (store.BlobFiles().Count, store.InlineRows()));

        await store.Engine.DeleteObjectAsync(Owner, Bucket, "k", default);
        await store.PutAsync("a", "a");
        await store.PutAsync("b", "b");
        await store.Engine.DeleteObjectsAsync(Owner, Bucket, [new ObjectToDelete("a"), new ObjectToDelete("b")], default);
        Assert.Equal(0, store.StoredData());
        Assert.Equal(new BucketUsage(0, 0), store.Engine.GetBucketUsage(Owner, Bucket));
    }

    [Fact]
    public async Task Versions_keep_their_inline_bytes_until_each_is_deleted()
    {
        await using var store = await TempEngine.StartAsync();
        var engine = store.Engine;
        await engine.SetBucketVersioningAsync(Owner, Bucket, VersioningState.Enabled, default);
        var v1 = (await store.PutAsync("k", "version one")).VersionId!;
        var v2 = (await store.PutAsync("k", "version two")).VersionId!;
        await engine.DeleteObjectAsync(Owner, Bucket, "k", default); // a delete marker on top
        Assert.Equal(2, store.InlineRows());

        using (var old = engine.OpenObject(Owner, Bucket, "k", v1))
        {
            var buffer = new MemoryStream();
            await old.CopyToAsync(buffer, 0, old.Info.Size, default);
            Assert.Equal("version one", Encoding.UTF8.GetString(buffer.ToArray()));
        }
        await engine.DeleteObjectAsync(Owner, Bucket, "k", default, v2);
        Assert.Equal(1, store.InlineRows());
        await engine.DeleteObjectAsync(Owner, Bucket, "k", default, v1);
        Assert.Equal(0, store.InlineRows());
    }

    [Fact]
    public async Task An_open_small_object_keeps_its_bytes_while_the_key_is_replaced_and_deleted()
    {
        await using var store = await TempEngine.StartAsync();
        await store.PutAsync("k", "old bytes");
        Assert.Equal("old bytes", await store.ReadTextAsync("k")); // its row is now in the metadata cache

        using var open = store.Engine.OpenObject(Owner, Bucket, "k");
        await store.PutAsync("k", "new bytes");
        await store.Engine.DeleteObjectAsync(Owner, Bucket, "k", default);

        var buffer = new MemoryStream();
        await open.CopyToAsync(buffer, 0, open.Info.Size, default);
        Assert.Equal("old bytes", Encoding.UTF8.GetString(buffer.ToArray()));
        using var reader = new StreamReader(open.OpenRead(4, 5));
        Assert.Equal("bytes", await reader.ReadToEndAsync());
        Assert.Equal(StoreErrorCode.NoSuchKey, Assert.Throws<StoreException>(() => store.Engine.OpenObject(Owner, Bucket, "k")).Code);
    }

    [Fact]
    public async Task Encrypted_small_objects_are_ciphertext_in_the_database_and_read_back_in_any_range()
    {
        await using var store = await TempEngine.StartAsync();
        var text = string.Concat(Enumerable.Repeat("inline-secret-", 200));
        await store.PutAsync("s3", text, new ObjectWrite { Encrypt = EncryptionRequest.SseS3 });
        var customer = RandomNumberGenerator.GetBytes(32);
        await store.PutAsync("c", text, new ObjectWrite { Encrypt = new EncryptionRequest(customer) });
        await store.PutAsync("plain", "inline-plain-canary");
        Assert.Equal(3, store.InlineRows());

        var database = string.Concat(store.Files().Where(f => f.StartsWith("meta.db", StringComparison.Ordinal))
            .Select(f => Encoding.Latin1.GetString(File.ReadAllBytes(Path.Combine(store.Directory, f)))));
        Assert.DoesNotContain("inline-secret", database, StringComparison.Ordinal);
        Assert.Contains("inline-plain-canary", database, StringComparison.Ordinal);

        Assert.Equal(text, await store.ReadTextAsync("s3"));
        Assert.Equal(text.Substring(1234, 77), Encoding.UTF8.GetString(await store.ReadAsync("s3", 1234, 77)));
        Assert.Equal(StoreErrorCode.InvalidRequest, Assert.Throws<StoreException>(() => store.Engine.OpenObject(Owner, Bucket, "c")).Code);
        using var open = store.Engine.OpenObject(Owner, Bucket, "c", customerKey: customer);
        using var reader = new StreamReader(open.OpenRead(14, 28));
        Assert.Equal("inline-secret-inline-secret-", await reader.ReadToEndAsync());
        // Reading decrypts a copy: the shared cached bytes stay ciphertext for the next reader.
        Assert.Equal(text, await store.ReadTextAsync("s3"));
    }

    [Fact]
    public async Task Copies_and_part_copies_read_a_small_object_like_any_other()
    {
        await using var store = await TempEngine.StartAsync();
        var engine = store.Engine;
        var source = RandomNumberGenerator.GetBytes(10_000);
        await store.PutAsync("src", source, integrity: new WriteIntegrity { ChecksumAlgorithm = ChecksumAlgorithm.Crc32C });

        using (var open = engine.OpenObject(Owner, Bucket, "src"))
        {
            var copied = await engine.CopyObjectAsync(Owner, open, Bucket, "copy", new CopyDirectives(null, null), default);
            Assert.NotNull(copied.Checksum);
        }
        Assert.Equal(source, await store.ReadAsync("copy"));
        Assert.Equal(2, store.InlineRows());

        var upload = await engine.CreateMultipartUploadAsync(Owner, Bucket, "assembled", new ObjectWrite(), "u", null, ChecksumType.Composite, default);
        UploadedPart part;
        using (var open = engine.OpenObject(Owner, Bucket, "src"))
            part = await engine.UploadPartCopyAsync(Owner, Bucket, "assembled", upload.UploadId, 1, open, 1000, 5000, default);
        await engine.CompleteMultipartUploadAsync(Owner, Bucket, "assembled", upload.UploadId, [new(1, part.ETag)], default);
        Assert.Equal(source.AsSpan(1000, 5000).ToArray(), await store.ReadAsync("assembled"));
        // A part is always a data file, however small.
        Assert.Single(store.BlobFiles());
    }
}
