using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Amazon.S3.Model;
using Transporter.Core.Storage;
using ByteRange = Transporter.Core.Storage.ByteRange;

namespace Transporter.Connectors.Tests.S3;

[Collection(S3StoreCollection.Name)]
public sealed class S3ReadTests(S3StoreFixture store)
{
    private static ObjectWriteRequest FullRequest(string key, long size) => new()
    {
        Key = key,
        Size = size,
        ContentType = "text/csv; charset=utf-8",
        CacheControl = "max-age=3600, public",
        ContentDisposition = "attachment; filename=\"report.csv\"",
        ContentEncoding = "identity",
        ContentLanguage = "de-CH",
        Expires = "Wed, 21 Oct 2037 07:28:00 GMT",
        UserMetadata = new Dictionary<string, string> { ["Owner"] = "finance", ["run-id"] = "42" },
        Tags = new Dictionary<string, string> { ["project"] = "apollo", ["tier"] = "gold" },
    };

    [Fact]
    public async Task Stat_returns_every_content_header_user_metadata_and_tag_count_written_by_the_provider()
    {
        var bucket = await store.CreateBucketAsync();
        await using var objects = store.Provider.Open(store.Endpoint(bucket));
        var content = Encoding.UTF8.GetBytes("a,b\n1,2\n");
        await objects.WriteAsync(FullRequest("docs/report.csv", content.Length), new MemoryStream(content), CancellationToken.None);

        var stat = await objects.StatAsync("docs/report.csv", CancellationToken.None);

        Assert.NotNull(stat);
        Assert.Equal("docs/report.csv", stat.Key);
        Assert.Equal(content.Length, stat.Size);
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(content)), stat.ETag);
        Assert.Equal(Convert.ToBase64String(MD5.HashData(content)), stat.ContentMd5);
        Assert.Equal("text/csv; charset=utf-8", stat.ContentType);
        // .NET's HTTP stack re-formats Cache-Control it receives (directives in its own order): same meaning, same directives.
        Assert.Equal(CacheControlHeaderValue.Parse("max-age=3600, public"), CacheControlHeaderValue.Parse(stat.CacheControl));
        Assert.Equal("attachment; filename=\"report.csv\"", stat.ContentDisposition);
        Assert.Equal("identity", stat.ContentEncoding);
        Assert.Equal("de-CH", stat.ContentLanguage);
        Assert.Equal("Wed, 21 Oct 2037 07:28:00 GMT", stat.Expires);
        Assert.Equal(new Dictionary<string, string> { ["owner"] = "finance", ["run-id"] = "42" }, stat.UserMetadata);
        Assert.Equal(2, stat.TagCount);
        Assert.True(DateTimeOffset.UtcNow - stat.LastModified < TimeSpan.FromMinutes(5));

        var tags = await objects.GetTagsAsync("docs/report.csv", CancellationToken.None);
        Assert.Equal(new Dictionary<string, string> { ["project"] = "apollo", ["tier"] = "gold" }, tags);

        // What the provider wrote is what a plain S3 client sees.
        var head = await store.Admin.GetObjectMetadataAsync(bucket, "docs/report.csv");
        Assert.Equal("finance", head.Metadata["x-amz-meta-owner"]);
        Assert.Equal("text/csv; charset=utf-8", head.Headers.ContentType);
        var tagging = await store.Admin.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = bucket, Key = "docs/report.csv" });
        Assert.Equal(2, tagging.Tagging.Count);
    }

    [Fact]
    public async Task User_metadata_values_beyond_printable_ASCII_round_trip_and_bad_names_fail_before_sending()
    {
        var bucket = await store.CreateBucketAsync();
        await using var objects = store.Provider.Open(store.Endpoint(bucket));
        var metadata = new Dictionary<string, string> { ["city"] = "Zürich", ["padded"] = " x ", ["looks-encoded"] = "=?not?=", ["plain"] = "a=b;c" };

        await objects.WriteAsync(new ObjectWriteRequest { Key = "utf8", Size = 1, UserMetadata = metadata }, new MemoryStream([1]), CancellationToken.None);

        Assert.Equal(metadata, (await objects.StatAsync("utf8", CancellationToken.None))!.UserMetadata);
        var head = await store.Admin.GetObjectMetadataAsync(bucket, "utf8");
        Assert.Equal("=?UTF-8?B?WsO8cmljaA==?=", head.Metadata["city"]); // RFC 2047, as S3 answers non-ASCII values
        var error = await Assert.ThrowsAsync<ObjectStoreException>(() => objects.WriteAsync(
            new ObjectWriteRequest { Key = "bad", Size = 1, UserMetadata = new Dictionary<string, string> { ["has space"] = "v" } },
            new MemoryStream([1]), CancellationToken.None));
        Assert.Equal("InvalidMetadata", error.ProviderCode);
        Assert.Null(await objects.StatAsync("bad", CancellationToken.None));
    }

    [Fact]
    public async Task Stat_of_a_missing_key_is_null_and_tags_of_an_untagged_object_are_empty()
    {
        var bucket = await store.CreateBucketAsync();
        await store.PutAsync(bucket, "plain", [1, 2, 3]);
        await using var objects = store.Provider.Open(store.Endpoint(bucket));

        Assert.Null(await objects.StatAsync("missing", CancellationToken.None));
        Assert.Empty(await objects.GetTagsAsync("plain", CancellationToken.None));
        var stat = await objects.StatAsync("plain", CancellationToken.None);
        Assert.Empty(stat!.UserMetadata);
        Assert.True(stat.TagCount is null or 0);
    }

    [Fact]
    public async Task OpenRead_streams_the_whole_object_or_a_byte_range()
    {
        var bucket = await store.CreateBucketAsync();
        var content = RandomNumberGenerator.GetBytes(300_000);
        await store.PutAsync(bucket, "blob", content);
        await using var objects = store.Provider.Open(store.Endpoint(bucket));

        await using (var whole = await objects.OpenReadAsync("blob", null, CancellationToken.None))
        {
            Assert.Equal(content.Length, whole.ContentLength);
            Assert.Equal(content.Length, whole.Metadata.Size);
            Assert.Equal(content, await ReadAllAsync(whole.Content));
        }

        await using (var middle = await objects.OpenReadAsync("blob", ByteRange.OfLength(100_000, 1000), CancellationToken.None))
        {
            Assert.Equal(1000, middle.ContentLength);
            Assert.Equal(content.Length, middle.Metadata.Size); // the object's size, not the range's
            Assert.Equal(content[100_000..101_000], await ReadAllAsync(middle.Content));
        }

        await using (var last = await objects.OpenReadAsync("blob", new ByteRange(content.Length - 1, content.Length - 1), CancellationToken.None))
            Assert.Equal(content[^1..], await ReadAllAsync(last.Content));
    }

    [Fact]
    public async Task OpenRead_of_a_missing_key_throws_NotFound()
    {
        var bucket = await store.CreateBucketAsync();
        await using var objects = store.Provider.Open(store.Endpoint(bucket));

        var error = await Assert.ThrowsAsync<ObjectStoreException>(() => objects.OpenReadAsync("missing", null, CancellationToken.None));

        Assert.Equal(ObjectStoreErrorKind.NotFound, error.Kind);
        Assert.Equal("NoSuchKey", error.ProviderCode);
    }

    internal static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}
