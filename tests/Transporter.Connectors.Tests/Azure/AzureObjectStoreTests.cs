using System.Diagnostics;
using System.Security.Cryptography;
using Transporter.Connectors.Azure;
using Transporter.Connectors.Tests.Streams;
using Transporter.Core.Storage;
using Xunit.Abstractions;

namespace Transporter.Connectors.Tests.Azure;

/// <summary>Azure-specific behaviour against a real Azurite: large block uploads, error codes, metadata encoding, tiers.</summary>
[Collection("Azurite")]
public sealed class AzureObjectStoreTests(AzuriteFixture azurite, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly AzureStoreProvider _provider = new();
    private IObjectStore _store = null!;
    private string _container = null!;

    private static CancellationToken Ct => CancellationToken.None;

    public async Task InitializeAsync()
    {
        _container = $"azure-{Guid.NewGuid():N}"[..26];
        _store = _provider.Open(await azurite.CreateContainerAsync(_container));
    }

    public Task DisposeAsync()
    {
        _provider.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_200_MiB_blob_goes_up_in_parallel_blocks_and_comes_back_identical()
    {
        const long size = 200L * 1024 * 1024;
        const long blockSize = 8L * 1024 * 1024;
        const ulong seed = 7;
        var request = new ObjectWriteRequest { Key = "large/200MiB.bin", Size = size, ContentType = "application/octet-stream" };
        var blocks = (int)((size + blockSize - 1) / blockSize);

        var upload = Stopwatch.StartNew();
        await using (var multipart = await _store.StartMultipartAsync(request, Ct))
        {
            var parts = new UploadedPart[blocks];
            await Parallel.ForEachAsync(Enumerable.Range(0, blocks), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
            {
                var length = Math.Min(blockSize, size - i * blockSize);
                parts[i] = await multipart.UploadPartAsync(i + 1, PatternStream.Slice(seed, i * blockSize, length), length, ct);
            });
            await multipart.CompleteAsync(parts, Ct);
        }
        upload.Stop();

        var download = Stopwatch.StartNew();
        byte[] downloadedHash;
        await using (var read = await _store.OpenReadAsync(request.Key, null, Ct))
        {
            Assert.Equal(size, read.ContentLength);
            downloadedHash = await SHA256.HashDataAsync(read.Content);
        }
        download.Stop();

        Assert.Equal(await SHA256.HashDataAsync(new PatternStream(size, seed)), downloadedHash);
        Assert.Equal(size, (await _store.StatAsync(request.Key, Ct))!.Size);
        output.WriteLine($"200 MiB via {blocks} blocks x4 parallel: upload {200 / upload.Elapsed.TotalSeconds:F1} MiB/s, download {200 / download.Elapsed.TotalSeconds:F1} MiB/s");
    }

    [Fact]
    public async Task A_wrong_account_key_is_InvalidCredentials_with_Azures_code()
    {
        using var provider = new AzureStoreProvider();
        var store = provider.Open(azurite.Endpoint(_container) with { SecretKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)) });

        var error = await Assert.ThrowsAsync<ObjectStoreException>(() => store.StatAsync("any", Ct));

        Assert.Equal(ObjectStoreErrorKind.InvalidCredentials, error.Kind);
        Assert.Contains(error.ProviderCode, new[] { "AuthenticationFailed", "AuthorizationFailure" });
        Assert.StartsWith(error.ProviderCode + ": Server failed to authenticate the request", error.Details);
    }

    [Fact]
    public async Task A_key_that_is_not_base64_is_InvalidCredentials_before_any_request()
    {
        var error = Assert.Throws<ObjectStoreException>(() => _provider.Open(azurite.Endpoint(_container) with { SecretKey = "not base64!" }));

        Assert.Equal(ObjectStoreErrorKind.InvalidCredentials, error.Kind);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task A_missing_container_is_BucketNotFound_with_ContainerNotFound()
    {
        var store = _provider.Open(azurite.Endpoint("no-such-container"));
        var content = new byte[] { 1 };

        var list = await Assert.ThrowsAsync<ObjectStoreException>(async () => { await foreach (var _ in store.ListAsync("", null, Ct)) { } });
        var stat = await Assert.ThrowsAsync<ObjectStoreException>(() => store.StatAsync("x", Ct));
        var write = await Assert.ThrowsAsync<ObjectStoreException>(() =>
            store.WriteAsync(new ObjectWriteRequest { Key = "x", Size = 1 }, new MemoryStream(content), Ct));

        foreach (var error in new[] { list, stat, write })
        {
            Assert.Equal(ObjectStoreErrorKind.BucketNotFound, error.Kind);
            Assert.Equal("ContainerNotFound", error.ProviderCode);
        }
    }

    [Fact]
    public async Task Metadata_names_that_are_not_identifiers_are_stored_encoded_and_read_back_exactly()
    {
        var metadata = new Dictionary<string, string>
        {
            ["content-id"] = "1",
            ["x.amz.like"] = "2",
            ["plain_name"] = "3",
            ["transporter_expires"] = "user value, not the Expires slot",
            ["9starts-with-digit"] = "4",
            ["unicode"] = "café ☕",
            ["spaces"] = "  padded  ",
        };
        await _store.WriteAsync(new ObjectWriteRequest { Key = "meta", Size = 1, UserMetadata = metadata, Expires = "Sat, 01 Jan 2050 00:00:00 GMT" },
            new MemoryStream([1]), Ct);

        var raw = (await ((AzureObjectStore)_store).Container.GetBlobClient("meta").GetPropertiesAsync()).Value;
        var stat = await _store.StatAsync("meta", Ct);

        Assert.Equal("1", raw.Metadata["transporter_m_content_2did"]);
        Assert.Equal("3", raw.Metadata["plain_name"]);
        Assert.Equal("Sat, 01 Jan 2050 00:00:00 GMT", raw.Metadata["transporter_expires"]);
        Assert.StartsWith("=?UTF-8?B?", raw.Metadata["unicode"]);
        Assert.Equal(metadata.OrderBy(m => m.Key), stat!.UserMetadata.OrderBy(m => m.Key));
        Assert.Equal("Sat, 01 Jan 2050 00:00:00 GMT", stat.Expires);
    }

    [Fact]
    public async Task Tags_Azure_cannot_hold_fail_the_write_before_anything_is_stored()
    {
        var request = new ObjectWriteRequest { Key = "tagged", Size = 1, Tags = new Dictionary<string, string> { ["owner"] = "me@example.com" } };

        var error = await Assert.ThrowsAsync<ObjectStoreException>(() => _store.WriteAsync(request, new MemoryStream([1]), Ct));

        Assert.Equal(ObjectStoreErrorKind.InvalidRequest, error.Kind);
        Assert.Equal("InvalidTag", error.ProviderCode);
        Assert.Null(await _store.StatAsync("tagged", Ct));
    }

    [Theory]
    [InlineData("azure-s3-hot", "Hot")]
    [InlineData("azure-s3-cool", "Cool")]
    [InlineData("azure-s3-archive", "Archive")]
    public async Task Subtypes_set_the_access_tier(string subtype, string tier)
    {
        var result = await _store.WriteAsync(new ObjectWriteRequest { Key = subtype, Size = 3, StorageClass = subtype }, new MemoryStream([1, 2, 3]), Ct);

        Assert.NotNull(result.ETag);
        Assert.Equal(tier, (await _store.StatAsync(subtype, Ct))!.StorageClass);
        Assert.Equal(tier, (await ListAsync()).Single(o => o.Key == subtype).StorageClass);
    }

    [Fact]
    public async Task Downloads_of_a_range_report_the_whole_blobs_md5()
    {
        var content = RandomNumberGenerator.GetBytes(5000);
        await _store.WriteAsync(new ObjectWriteRequest { Key = "md5", Size = content.Length }, new MemoryStream(content), Ct);

        await using var ranged = await _store.OpenReadAsync("md5", new ByteRange(100, 199), Ct);

        Assert.Equal(Convert.ToBase64String(MD5.HashData(content)), ranged.Metadata.ContentMd5);
        Assert.Equal(5000, ranged.Metadata.Size);
    }

    [Fact]
    public async Task A_content_md5_that_is_not_the_bytes_is_IntegrityMismatch_and_leaves_nothing()
    {
        var request = new ObjectWriteRequest { Key = "bad-md5", Size = 3, ContentMd5 = Convert.ToBase64String(MD5.HashData("xyz"u8)) };

        var error = await Assert.ThrowsAsync<ObjectStoreException>(() => _store.WriteAsync(request, new MemoryStream([1, 2, 3]), Ct));

        Assert.Equal(ObjectStoreErrorKind.IntegrityMismatch, error.Kind);
        Assert.Null(await _store.StatAsync("bad-md5", Ct));
    }

    private async Task<List<ObjectSummary>> ListAsync()
    {
        var list = new List<ObjectSummary>();
        await foreach (var item in _store.ListAsync("", null, Ct)) list.Add(item);
        return list;
    }
}
