using Transporter.Connectors.Tests.Streams;
using System.Diagnostics;
using Transporter.Connectors.S3;
using Transporter.Core.Endpoints;
using Transporter.Core.Storage;
using Transporter.Testing;

namespace Transporter.Connectors.Tests.S3;

/// <summary>The provider's own retries: what is retried, how often, and what surfaces afterwards.</summary>
public sealed class S3RetryTests
{
    private static readonly S3ProviderOptions FastRetries = new() { RetryAttempts = 3, RetryBaseDelay = TimeSpan.FromMilliseconds(10) };

    [Fact]
    public async Task A_refused_connection_is_Transient_after_the_retries()
    {
        using var provider = new S3StoreProvider(options: FastRetries);
        var endpoint = new EndpointConfig
        {
            Type = EndpointType.S3V4, AccessKey = "AK", SecretKey = "SK", Bucket = "b", Endpoint = $"http://127.0.0.1:{FreePort.Next()}",
        };
        await using var objects = provider.Open(endpoint);

        var error = await Assert.ThrowsAsync<ObjectStoreException>(() => objects.StatAsync("key", CancellationToken.None));

        Assert.Equal(ObjectStoreErrorKind.Transient, error.Kind);
        Assert.Equal("ConnectionRefused", error.ProviderCode);
    }

    [Fact]
    public async Task A_connection_lost_mid_response_is_retried_then_Transient_AgainstScriptedListener()
    {
        // Headers promise 500 bytes of listing, the connection closes after 20 of them.
        await using var listener = new ScriptedHttpListener(_ =>
            "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: 500\r\nConnection: close\r\n\r\n<?xml version=\"1.0\"?>");
        using var provider = new S3StoreProvider(options: FastRetries);
        await using var objects = provider.Open(Endpoint(listener.Url));

        var error = await Assert.ThrowsAsync<ObjectStoreException>(() => objects.ListAsync("", null, CancellationToken.None).ToListAsync().AsTask());

        Assert.Equal(ObjectStoreErrorKind.Transient, error.Kind);
        Assert.Equal(1 + FastRetries.RetryAttempts, listener.Requests);
    }

    [Fact]
    public async Task Throttling_is_retried_with_backoff_and_the_call_succeeds_when_it_stops_AgainstScriptedListener()
    {
        const string emptyListing = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult><Name>b</Name><KeyCount>0</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated></ListBucketResult>";
        await using var listener = new ScriptedHttpListener(n => n switch
        {
            0 => ScriptedHttpListener.S3Error(503, "Slow Down", "SlowDown", "Please reduce your request rate."),
            1 => ScriptedHttpListener.S3Error(500, "Internal Server Error", "InternalError", "We encountered an internal error."),
            _ => ScriptedHttpListener.Response(200, "OK", emptyListing, "Content-Type: application/xml"),
        });
        using var provider = new S3StoreProvider(options: FastRetries);
        await using var objects = provider.Open(Endpoint(listener.Url));

        var listed = await objects.ListAsync("", null, CancellationToken.None).ToListAsync();

        Assert.Empty(listed);
        Assert.Equal(3, listener.Requests);
    }

    [Fact]
    public async Task Throttling_that_never_stops_surfaces_as_Transient_with_the_providers_code_AgainstScriptedListener()
    {
        await using var listener = new ScriptedHttpListener(_ => ScriptedHttpListener.S3Error(503, "Slow Down", "SlowDown", "Please reduce your request rate."));
        using var provider = new S3StoreProvider(options: FastRetries);
        await using var objects = provider.Open(Endpoint(listener.Url));

        var stopwatch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<ObjectStoreException>(() => objects.ListAsync("", null, CancellationToken.None).ToListAsync().AsTask());

        Assert.Equal(ObjectStoreErrorKind.Transient, error.Kind);
        Assert.Equal("SlowDown: Please reduce your request rate.", error.Details);
        Assert.Equal(1 + FastRetries.RetryAttempts, listener.Requests);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Client_errors_are_not_retried_AgainstScriptedListener()
    {
        await using var listener = new ScriptedHttpListener(_ => ScriptedHttpListener.S3Error(403, "Forbidden", "AccessDenied", "Access Denied"));
        using var provider = new S3StoreProvider(options: FastRetries);
        await using var objects = provider.Open(Endpoint(listener.Url));

        var error = await Assert.ThrowsAsync<ObjectStoreException>(() => objects.ListAsync("", null, CancellationToken.None).ToListAsync().AsTask());

        Assert.Equal(ObjectStoreErrorKind.AccessDenied, error.Kind);
        Assert.Equal(1, listener.Requests);
    }

    [Fact]
    public async Task A_write_refused_before_its_body_was_sent_is_retried_AgainstScriptedListener()
    {
        // The server answers 503 to the request head (before 100 Continue), so no byte of the source was consumed. The
        // body is above the size that is sent without waiting for 100 Continue (SmallBodyExpectContinueHandler).
        await using var listener = new ScriptedHttpListener(_ => ScriptedHttpListener.S3Error(503, "Slow Down", "SlowDown", "Please reduce your request rate."));
        using var provider = new S3StoreProvider(options: FastRetries);
        await using var objects = provider.Open(Endpoint(listener.Url));
        const int size = 3 * 1024 * 1024;
        var source = new PatternStream(size, 1);

        var error = await Assert.ThrowsAsync<ObjectStoreException>(() => objects.WriteAsync(
            new ObjectWriteRequest { Key = "k", Size = size }, source, CancellationToken.None));

        Assert.Equal(ObjectStoreErrorKind.Transient, error.Kind);
        Assert.Equal("SlowDown", error.ProviderCode);
        Assert.Equal(1 + FastRetries.RetryAttempts, listener.Requests);
    }

    [Fact]
    public async Task A_write_that_failed_after_part_of_its_body_was_sent_is_not_retried_AgainstScriptedListener()
    {
        await using var listener = new ScriptedHttpListener(_ => null, bodyBytesFirst: 64 * 1024);
        using var provider = new S3StoreProvider(options: FastRetries);
        await using var objects = provider.Open(Endpoint(listener.Url));

        var error = await Assert.ThrowsAsync<ObjectStoreException>(() => objects.WriteAsync(
            new ObjectWriteRequest { Key = "k", Size = 1024 * 1024 }, new PatternStream(1024 * 1024, 1), CancellationToken.None));

        // Replaying the request would need the bytes already taken from the source: the caller restarts instead.
        Assert.Equal(ObjectStoreErrorKind.Transient, error.Kind);
        Assert.Equal(1, listener.Requests);
    }

    [Fact]
    public async Task A_download_dropped_mid_body_resumes_from_the_next_byte_of_the_same_version_AgainstScriptedListener()
    {
        var content = string.Concat(Enumerable.Range(0, 100).Select(i => $"{i:D9}\n")); // 1000 ASCII bytes
        var etag = Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.ASCII.GetBytes(content)));
        await using var listener = new ScriptedHttpListener(n => n == 0
            // Promises the whole object, sends 400 bytes and closes.
            ? $"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nETag: \"{etag}\"\r\nLast-Modified: Wed, 12 Oct 2022 17:50:00 GMT\r\nConnection: close\r\n\r\n{content[..400]}"
            : ScriptedHttpListener.Response(206, "Partial Content", content[400..], $"ETag: \"{etag}\"", "Content-Range: bytes 400-999/1000"));
        using var provider = new S3StoreProvider(options: FastRetries);
        await using var objects = provider.Open(Endpoint(listener.Url));

        await using var download = await objects.OpenReadAsync("k", null, CancellationToken.None);
        using var reader = new StreamReader(download.Content);
        var text = await reader.ReadToEndAsync();

        Assert.Equal(content, text);
        Assert.Equal(2, listener.Requests);
        var resumed = listener.RequestHeads[1];
        Assert.Contains("Range: bytes=400-999\r\n", resumed, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"If-Match: \"{etag}\"\r\n", resumed, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_whole_download_whose_bytes_differ_from_the_ETag_is_an_integrity_error_AgainstScriptedListener()
    {
        var etag = Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData("the stored bytes"u8));
        await using var listener = new ScriptedHttpListener(_ => ScriptedHttpListener.Response(200, "OK", "other bytes here", $"ETag: \"{etag}\""));
        using var provider = new S3StoreProvider(options: FastRetries);
        await using var objects = provider.Open(Endpoint(listener.Url));

        await using var download = await objects.OpenReadAsync("k", null, CancellationToken.None);
        var received = new MemoryStream();
        // The read that would deliver the last bytes fails instead: the caller never holds a complete, wrong object.
        var error = await Assert.ThrowsAsync<ObjectStoreException>(() => download.Content.CopyToAsync(received));

        Assert.Equal(ObjectStoreErrorKind.IntegrityMismatch, error.Kind);
        Assert.True(received.Length < "other bytes here".Length);
    }

    private static EndpointConfig Endpoint(string url) => new()
    {
        Type = EndpointType.S3V4, AccessKey = "AK", SecretKey = "SK", Bucket = "b", Endpoint = url,
    };
}
