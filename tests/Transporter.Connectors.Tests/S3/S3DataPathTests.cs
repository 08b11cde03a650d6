using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Transporter.Connectors.S3;
using Transporter.Core.Configuration;
using Transporter.Core.Endpoints;
using Transporter.Core.Storage;

namespace Transporter.Connectors.Tests.S3;

/// <summary>
/// Which requests take the lean data path (<see cref="S3DataPath"/>) and what they carry on the wire, seen by a scripted
/// HTTP listener. That the built-in store accepts them (signatures, headers, bodies) is the contract suite's part:
/// <see cref="S3ObjectStoreContractTests"/> runs with it, <see cref="S3SdkDataPathObjectStoreContractTests"/> without.
/// </summary>
public sealed class S3DataPathTests
{
    private static readonly S3ProviderOptions FastRetries = new() { RetryAttempts = 3, RetryBaseDelay = TimeSpan.FromMilliseconds(10) };

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_get_goes_out_signed_by_the_platform_or_through_the_SDK_as_configured_AgainstScriptedListener(bool lean)
    {
        var content = "the stored bytes";
        var etag = Convert.ToHexStringLower(MD5.HashData(System.Text.Encoding.UTF8.GetBytes(content)));
        await using var listener = new ScriptedHttpListener(_ => ScriptedHttpListener.Response(200, "OK", content, $"ETag: \"{etag}\"",
            "x-amz-tagging-count: 2", "x-amz-meta-Colour: blue", "Content-Type: text/plain; charset=utf-8", "Last-Modified: Tue, 01 Dec 2026 10:00:00 GMT"));
        using var provider = new S3StoreProvider(options: FastRetries with { LeanDataPath = lean });
        await using var objects = provider.Open(Endpoint(listener.Url));

        await using var download = await objects.OpenReadAsync("dir/a key.txt", null, CancellationToken.None);
        using var reader = new StreamReader(download.Content);
        Assert.Equal(content, await reader.ReadToEndAsync());

        // The same metadata either way.
        var metadata = download.Metadata;
        Assert.Equal((16L, etag, 2, "text/plain; charset=utf-8"), (metadata.Size, metadata.ETag, metadata.TagCount, metadata.ContentType));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero), metadata.LastModified);
        Assert.Equal("blue", metadata.UserMetadata["colour"]);
        Assert.Equal(Convert.ToBase64String(Convert.FromHexString(etag)), metadata.ContentMd5);

        var head = listener.RequestHeads.Single();
        Assert.StartsWith("GET /b/dir/a%20key.txt HTTP/1.1", head);
        Assert.Contains("x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", head, StringComparison.OrdinalIgnoreCase);
        // The SDK marks every request with its invocation id; the lean path sends only what it signs.
        Assert.Equal(!lean, head.Contains("amz-sdk-invocation-id", StringComparison.OrdinalIgnoreCase));
        if (lean) Assert.Contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date,", head);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData(false, true)]
    public async Task TRANSPORTER_S3_LEAN_DATA_PATH_false_sends_reads_through_the_SDK_AgainstScriptedListener(bool? lean, bool throughSdk)
    {
        await using var listener = new ScriptedHttpListener(_ => ScriptedHttpListener.Response(200, "OK", "x"));
        var services = new ServiceCollection().AddLogging();
        if (lean is { } value) services.Configure<TransporterOptions>(o => o.S3LeanDataPath = value);
        await using var provider = services.AddObjectStores().BuildServiceProvider();
        await using var objects = provider.GetRequiredService<ObjectStoreFactory>().Open(Endpoint(listener.Url));

        await using var download = await objects.OpenReadAsync("k", null, CancellationToken.None);

        Assert.Equal(throughSdk, listener.RequestHeads.Single().Contains("amz-sdk-invocation-id", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_small_put_carries_its_headers_and_signed_hash_and_is_retried_with_the_same_bytes_after_an_InternalError_AgainstScriptedListener()
    {
        var body = RandomNumberGenerator.GetBytes(5000);
        var md5 = MD5.HashData(body);
        await using var listener = new ScriptedHttpListener(i => i == 0
            ? ScriptedHttpListener.S3Error(500, "Internal Server Error", "InternalError", "We encountered an internal error.")
            : ScriptedHttpListener.Response(200, "OK", "", $"ETag: \"{Convert.ToHexStringLower(md5)}\"", "x-amz-version-id: v7"));
        using var provider = new S3StoreProvider(options: FastRetries);
        await using var objects = provider.Open(Endpoint(listener.Url));
        var request = new ObjectWriteRequest
        {
            Key = "k", Size = body.Length, ContentType = "application/x-test", ContentMd5 = Convert.ToBase64String(md5),
            UserMetadata = new Dictionary<string, string> { ["Owner"] = "Zoë" }, Tags = new Dictionary<string, string> { ["a b"] = "c&d" },
            CacheControl = "no-cache", StorageClass = "STANDARD_IA",
        };

        // A source that hands out its bytes once, in small reads: the retry cannot have read it again.
        var result = await objects.WriteAsync(request, new OneShotStream(body), CancellationToken.None);

        Assert.Equal((Convert.ToHexStringLower(md5), Convert.ToBase64String(md5), "v7"), (result.ETag, result.ContentMd5, result.VersionId));
        Assert.Equal(2, listener.Requests);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(body));
        foreach (var head in listener.RequestHeads)
        {
            Assert.StartsWith("PUT /b/k HTTP/1.1", head);
            Assert.Contains($"x-amz-content-sha256: {sha256}\r\n", head);
            Assert.Contains("Content-Length: 5000\r\n", head);
            Assert.Contains($"Content-MD5: {Convert.ToBase64String(md5)}\r\n", head);
            Assert.Contains("Content-Type: application/x-test\r\n", head);
            Assert.Contains("Cache-Control: no-cache\r\n", head);
            Assert.Contains("x-amz-meta-owner: =?UTF-8?B?Wm/Dqw==?=\r\n", head);
            Assert.Contains("x-amz-tagging: a%20b=c%26d\r\n", head);
            Assert.Contains("x-amz-storage-class: STANDARD_IA\r\n", head);
            Assert.Contains("SignedHeaders=content-md5;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-meta-owner;x-amz-storage-class;x-amz-tagging,", head);
        }
    }

    [Fact]
    public async Task A_throttled_small_put_is_surfaced_at_once_for_the_copier_to_wait_as_a_streamed_put_is_AgainstScriptedListener()
    {
        await using var listener = new ScriptedHttpListener(_ => ScriptedHttpListener.S3Error(503, "Slow Down", "SlowDown", "Please reduce your request rate."));
        using var provider = new S3StoreProvider(options: FastRetries);
        await using var objects = provider.Open(Endpoint(listener.Url));

        var error = await Assert.ThrowsAsync<ObjectStoreException>(() =>
            objects.WriteAsync(new ObjectWriteRequest { Key = "k", Size = 3 }, new MemoryStream([1, 2, 3]), CancellationToken.None));

        Assert.Equal((ObjectStoreErrorKind.Transient, "SlowDown", true), (error.Kind, error.ProviderCode, error.Throttled));
        Assert.Equal(1, listener.Requests);
    }

    [Fact]
    public async Task A_source_that_ends_early_fails_the_lean_put_before_anything_is_sent_AgainstScriptedListener()
    {
        await using var listener = new ScriptedHttpListener(_ => ScriptedHttpListener.Response(200, "OK", ""));
        using var provider = new S3StoreProvider(options: FastRetries);
        await using var objects = provider.Open(Endpoint(listener.Url));

        var error = await Assert.ThrowsAsync<ObjectStoreException>(() =>
            objects.WriteAsync(new ObjectWriteRequest { Key = "k", Size = 100 }, new MemoryStream(new byte[60]), CancellationToken.None));

        Assert.Equal((ObjectStoreErrorKind.IntegrityMismatch, "IncompleteSource"), (error.Kind, error.ProviderCode));
        Assert.Equal(0, listener.Requests);
    }

    private static EndpointConfig Endpoint(string url) => new()
    {
        Type = EndpointType.S3V4, AccessKey = "AK", SecretKey = "SK", Bucket = "b", Endpoint = url,
    };

    /// <summary>Reads forward once, at most 1,000 bytes per call, and cannot seek.</summary>
    private sealed class OneShotStream(byte[] bytes) : Transporter.Core.IO.ReadOnlyStream
    {
        private int _position;

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, 1000), bytes.Length - _position);
            bytes.AsSpan(_position, n).CopyTo(buffer.AsSpan(offset));
            _position += n;
            return n;
        }

        public override long Length => bytes.Length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
    }
}
