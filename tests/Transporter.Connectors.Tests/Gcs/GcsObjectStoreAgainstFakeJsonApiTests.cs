using System.Net;
using System.Security.Cryptography;
using Google.Apis.Util;
using Transporter.Connectors.Gcs;
using Transporter.Connectors.Tests.Streams;
using Transporter.Core.Endpoints;
using Transporter.Core.RequestRates;
using Transporter.Core.Storage;
using Transporter.Testing.Gcs;

namespace Transporter.Connectors.Tests.Gcs;

/// <summary>
/// GCS protocol details against the FAKE JSON API (<see cref="FakeGcsServer"/>; no real GCS runs here): paging,
/// ranged media, resumable uploads resumed after a dropped chunk, token acquisition and refresh, error bodies.
/// </summary>
public sealed class GcsObjectStoreAgainstFakeJsonApiTests : IAsyncLifetime
{
    private const int Chunk = GcsStoreProvider.ChunkGranularity * 2; // 512 KiB
    private readonly FakeClock _clock = new();
    private FakeGcsServer _server = null!;
    private GcsStoreProvider _provider = null!;
    private string _bucket = null!;
    private IObjectStore _store = null!;

    private static CancellationToken Ct => CancellationToken.None;

    public async Task InitializeAsync()
    {
        _server = await FakeGcsServer.StartAsync();
        _bucket = "gcs-" + Guid.NewGuid().ToString("N")[..12];
        _server.CreateBucket(_bucket);
        _provider = new GcsStoreProvider(null, 2, Chunk, _clock);
        _store = _provider.Open(Endpoint(_bucket));
    }

    public async Task DisposeAsync()
    {
        _provider.Dispose();
        await _server.DisposeAsync();
    }

    private EndpointConfig Endpoint(string bucket, string suffix = "/storage/v1/") => _server.EndpointFor(bucket, suffix);

    private Task PutAsync(string key, byte[] content, Func<ObjectWriteRequest, ObjectWriteRequest>? customize = null)
    {
        var request = new ObjectWriteRequest { Key = key, Size = content.Length };
        return _store.WriteAsync(customize?.Invoke(request) ?? request, NonSeekableStream.Of(content), Ct);
    }

    private IEnumerable<FakeGcsServer.RequestInfo> Requests(string method, string pathPart) =>
        _server.Requests.Where(r => r.Method == method && r.Path.Contains(pathPart, StringComparison.Ordinal));

    [Fact]
    public async Task Listing_follows_page_tokens_and_starts_at_startOffset()
    {
        foreach (var key in new[] { "a", "b", "c", "d", "e" }) await PutAsync(key, [1]);

        var all = new List<string>();
        await foreach (var o in _store.ListAsync("", "b", Ct)) all.Add(o.Key);

        Assert.Equal(["c", "d", "e"], all);
        var lists = Requests("GET", "/o").Where(r => r.Path.EndsWith("/o")).ToList();
        Assert.Equal(2, lists.Count); // b,c then d,e (maxResults=2; b skipped as startOffset is inclusive)
        Assert.All(lists, r => Assert.Equal("b", r.Query["startOffset"]));
        Assert.False(lists[0].Query.ContainsKey("pageToken"));
        Assert.True(lists[1].Query.ContainsKey("pageToken"));
    }

    [Fact]
    public async Task Ranged_media_download_asks_for_the_stored_bytes_of_the_generation()
    {
        var content = RandomNumberGenerator.GetBytes(10_000);
        await PutAsync("dir/obj", content, r => r with { ContentEncoding = "gzip" });

        await using var download = await _store.OpenReadAsync("dir/obj", new ByteRange(100, 199), Ct);
        using var copy = new MemoryStream();
        await download.Content.CopyToAsync(copy);

        Assert.Equal(content[100..200], copy.ToArray());
        Assert.Equal(10_000, download.Metadata.Size);
        Assert.Equal("gzip", download.Metadata.ContentEncoding);
        var media = Requests("GET", "/o/dir%2Fobj").Single(r => r.Query.GetValueOrDefault("alt") == "media");
        Assert.Equal("/storage/v1/b/" + _bucket + "/o/dir%2Fobj", media.Path);
        Assert.Equal(_server.ObjectResource(_bucket, "dir/obj")!["generation"]!.GetValue<string>(), media.Query["generation"]);
        Assert.Equal("bytes=100-199", media.Range);
        Assert.Equal("gzip", media.AcceptEncoding); // no decompressive transcoding: bytes as stored
    }

    [Fact]
    public async Task Objects_go_through_a_resumable_session_one_chunk_at_a_time()
    {
        const long size = 3L * Chunk + 1000;
        await _store.WriteAsync(new ObjectWriteRequest { Key = "large", Size = size }, new PatternStream(size, 3), Ct);

        Assert.Single(Requests("POST", "/upload/"), r => r.Query["uploadType"] == "resumable");
        // The source does not seek, so the SDK learns the total with the last chunk; each chunk is one PUT.
        var chunks = Requests("PUT", "/upload/").Select(r => r.ContentRange).ToList();
        Assert.Equal(4, chunks.Count);
        Assert.Equal([$"bytes 0-{Chunk - 1}/", $"bytes {Chunk}-{2 * Chunk - 1}/", $"bytes {2 * Chunk}-{3 * Chunk - 1}/", $"bytes {3 * Chunk}-{size - 1}/{size}"],
            chunks.Select((c, i) => i < 3 ? c[..(c.IndexOf('/') + 1)] : c));
        await AssertContentAsync("large", size, 3);
    }

    [Fact]
    public async Task A_chunk_dropped_midway_is_resumed_from_what_the_session_holds()
    {
        const long size = 4L * Chunk + 123;
        // The second chunk's connection drops after 300 KiB: the session keeps 256 KiB of it.
        var chunkPuts = 0;
        _server.InjectFault(r => r.Method == "PUT" && r.ContentRange.StartsWith("bytes ") && !r.ContentRange.StartsWith("bytes */") && ++chunkPuts == 2
            ? ScriptedFault.DropConnectionAfter(300 * 1024) : null);

        var result = await _store.WriteAsync(new ObjectWriteRequest { Key = "resumed", Size = size }, new PatternStream(size, 11), Ct);

        var ranges = Requests("PUT", "/upload/").Select(r => r.ContentRange).ToList();
        var resumeAt = Chunk + GcsStoreProvider.ChunkGranularity;
        // After the drop the SDK asks the session what it holds (0-{resumeAt - 1}) and resends only the rest of
        // that chunk, from its buffer: the non-seekable source is never read twice.
        var query = ranges.FindIndex(r => r.StartsWith("bytes */", StringComparison.Ordinal));
        Assert.True(query > 1, string.Join(" | ", ranges));
        Assert.StartsWith($"bytes {resumeAt}-", ranges[query + 1]);
        Assert.Equal(result.ContentMd5, (await _store.StatAsync("resumed", Ct))!.ContentMd5);
        await AssertContentAsync("resumed", size, 11);
    }

    [Fact]
    public async Task A_media_download_dropped_midway_resumes_from_the_next_byte_of_the_same_generation()
    {
        var content = RandomNumberGenerator.GetBytes(1_000_000);
        await PutAsync("cut", content);
        _server.InjectFault(r => r.Method == "GET" && r.Query.GetValueOrDefault("alt") == "media" ? ScriptedFault.DropConnectionAfter(200_000) : null);

        await using var download = await _store.OpenReadAsync("cut", ByteRange.OfLength(1000, 900_000), Ct);
        using var copy = new MemoryStream();
        await download.Content.CopyToAsync(copy);

        Assert.Equal(content[1000..901_000], copy.ToArray());
        // The SDK downloads in chunks of the provider's chunk size; the cut one is asked for again from the next byte
        // that reached the reader (the SDK may hold a chunk back until it is whole, so that can be its first byte).
        var media = Requests("GET", "/o/cut").Where(r => r.Query.GetValueOrDefault("alt") == "media").ToList();
        Assert.StartsWith("bytes=1000-", media[0].Range);
        var resumedAt = long.Parse(media[1].Range["bytes=".Length..media[1].Range.IndexOf('-')]);
        Assert.InRange(resumedAt, 1000, 201_000);
        Assert.EndsWith("-900999", media[^1].Range);
        Assert.Single(media.Select(r => r.Query["generation"]).Distinct());
    }

    [Fact]
    public async Task The_access_token_comes_from_a_signed_JWT_assertion_and_is_reused_until_it_expires()
    {
        await PutAsync("one", [1]);
        await _store.StatAsync("one", Ct);

        Assert.Equal(1, _server.TokensIssued);
        var claims = Assert.Single(_server.AcceptedAssertions);
        Assert.Equal(FakeGcsServer.ClientEmail, claims.GetProperty("iss").GetString());
        Assert.Equal(GcsKeyFile.Scope, claims.GetProperty("scope").GetString());
        Assert.Equal(FakeGcsServer.PrivateKeyId, Assert.Single(_server.AcceptedAssertionHeaders).GetProperty("kid").GetString());
        Assert.All(_server.Requests.Where(r => r.Path != "/token"), r => Assert.Equal("fake-token-1", r.Token));

        // Past the token's expiry the credential asks for a new one before calling the API (no 401 needed).
        _clock.Advance(TimeSpan.FromSeconds(_server.TokenLifetimeSeconds + 60));
        _server.RevokeTokens();
        var before = _server.Requests.Count;
        await _store.StatAsync("one", Ct);

        Assert.Equal(2, _server.TokensIssued);
        var after = _server.Requests.Skip(before).ToList();
        Assert.Equal(["/token", $"/storage/v1/b/{_bucket}/o/one"], after.Select(r => r.Path));
        Assert.Equal("fake-token-2", after[1].Token);
    }

    [Fact]
    public async Task A_token_revoked_before_its_expiry_is_replaced_after_the_401()
    {
        await PutAsync("one", [1]);
        _server.RevokeTokens();

        var stat = await _store.StatAsync("one", Ct);

        Assert.NotNull(stat);
        Assert.Equal(2, _server.TokensIssued);
        var gets = Requests("GET", "/o/one").ToList();
        Assert.Equal(["fake-token-1", "fake-token-2"], gets.Select(r => r.Token));
    }

    [Fact]
    public async Task A_key_the_token_endpoint_refuses_is_InvalidCredentials_with_Googles_code()
    {
        using var otherKey = RSA.Create(2048);
        var store = _provider.Open(Endpoint(_bucket) with { GcsConfig = _server.KeyFile(otherKey) });

        var error = await Assert.ThrowsAsync<ObjectStoreException>(() => store.StatAsync("x", Ct));

        Assert.Equal(ObjectStoreErrorKind.InvalidCredentials, error.Kind);
        Assert.Equal("invalid_grant", error.ProviderCode);
        Assert.Contains("Invalid JWT Signature.", error.Message);
    }

    [Fact]
    public void A_key_file_without_a_usable_private_key_is_InvalidCredentials()
    {
        var keyFile = System.Text.Json.JsonSerializer.SerializeToElement(new { type = "service_account", client_email = "a@b", private_key = "not a key", token_uri = _server.TokenUri });

        var error = Assert.Throws<ObjectStoreException>(() => _provider.Open(Endpoint(_bucket) with { GcsConfig = keyFile }));

        Assert.Equal(ObjectStoreErrorKind.InvalidCredentials, error.Kind);
        Assert.Equal("InvalidKeyFile", error.ProviderCode);
    }

    [Fact]
    public async Task The_key_file_may_come_as_a_json_string()
    {
        var store = _provider.Open(Endpoint(_bucket) with { GcsConfig = System.Text.Json.JsonSerializer.SerializeToElement(_server.KeyFile().GetRawText()) });

        Assert.Null(await store.StatAsync("nothing", Ct));
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, "notFound", "No such object: b/o", ObjectStoreErrorKind.NotFound)]
    [InlineData(HttpStatusCode.NotFound, "notFound", "The specified bucket does not exist.", ObjectStoreErrorKind.BucketNotFound)]
    [InlineData(HttpStatusCode.Forbidden, "forbidden", "transporter@fake-project.iam.gserviceaccount.com does not have storage.objects.get access to the Google Cloud Storage object.", ObjectStoreErrorKind.AccessDenied)]
    [InlineData(HttpStatusCode.TooManyRequests, "rateLimitExceeded", "The rate of change requests to the object exceeds the rate limit.", ObjectStoreErrorKind.Transient)]
    [InlineData(HttpStatusCode.ServiceUnavailable, "backendError", "Backend Error", ObjectStoreErrorKind.Transient)]
    public async Task Error_bodies_become_errors_with_Googles_reason_and_message(HttpStatusCode status, string reason, string message, ObjectStoreErrorKind kind)
    {
        await PutAsync("obj", [1]);
        for (var i = 0; i < 4; i++) // more than the retries, so transient ones surface too
            _server.InjectFault(r => r.Method == "GET" && r.Path.EndsWith("/o/obj") ? ScriptedFault.Error(status, reason, message) : null);

        var error = await Assert.ThrowsAsync<ObjectStoreException>(() => _store.OpenReadAsync("obj", null, Ct));

        Assert.Equal(kind, error.Kind);
        Assert.Equal(reason, error.ProviderCode);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public async Task Throttling_is_retried_and_then_succeeds()
    {
        await PutAsync("obj", [9]);
        _server.InjectFault(r => r.Path.EndsWith("/o/obj") ? ScriptedFault.Error(HttpStatusCode.TooManyRequests, "rateLimitExceeded", "slow down") : null);

        var stat = await _store.StatAsync("obj", Ct);

        Assert.Equal(1, stat!.Size);
        Assert.Equal(2, Requests("GET", "/o/obj").Count());
    }

    [Fact]
    public async Task A_429_within_a_copy_is_counted_and_limits_the_endpoints_request_rate()
    {
        // A copy batch runs in a RequestRateScope: the SDK's requests go through the adaptive rate, and GCS's 429
        // rateLimitExceeded (retried by the SDK) is a throttled answer that limits the endpoint.
        await PutAsync("obj", [9]);
        _server.InjectFault(r => r.Path.EndsWith("/o/obj") ? ScriptedFault.Error(HttpStatusCode.TooManyRequests, "rateLimitExceeded", "slow down") : null);
        var scope = new RequestRateScope(new RequestRateRegistry(new InProcessRequestRateStore(TimeProvider.System), TimeProvider.System));

        ObjectMetadata? stat;
        using (scope.Enter())
            stat = await _store.StatAsync("obj", Ct);

        Assert.Equal(1, stat!.Size);
        Assert.Equal(1L, scope.Throttled);
        Assert.True(scope.Requests >= 2, $"{scope.Requests} requests seen");
        Assert.True(scope.CurrentRate >= RequestRatePolicy.MinRate, $"the endpoint is not limited: {scope.CurrentRate}");
    }

    [Fact]
    public async Task A_wrong_md5_is_refused_as_IntegrityMismatch_and_nothing_is_stored()
    {
        var request = new ObjectWriteRequest { Key = "bad", Size = 3, ContentMd5 = Convert.ToBase64String(MD5.HashData("abc"u8)) };

        var error = await Assert.ThrowsAsync<ObjectStoreException>(() => _store.WriteAsync(request, NonSeekableStream.Of([1, 2, 3]), Ct));

        Assert.Equal(ObjectStoreErrorKind.IntegrityMismatch, error.Kind);
        Assert.Null(await _store.StatAsync("bad", Ct));
    }

    [Fact]
    public async Task Tags_Expires_and_reserved_names_are_kept_as_metadata_entries()
    {
        await PutAsync("tagged", [1], r => r with
        {
            Tags = new Dictionary<string, string> { ["team"] = "data", ["owner"] = "me@example.com" },
            Expires = "Thu, 01 Dec 2044 16:00:00 GMT",
            UserMetadata = new Dictionary<string, string> { ["color"] = "blue", ["transporter_tag_x"] = "user's own" },
            StorageClass = "gcp-s3-coldline",
        });

        var raw = _server.ObjectResource(_bucket, "tagged")!;
        var metadata = raw["metadata"]!.AsObject().ToDictionary(m => m.Key, m => m.Value!.GetValue<string>());
        Assert.Equal(new Dictionary<string, string>
        {
            ["color"] = "blue",
            ["transporter_m_transporter_tag_x"] = "user's own",
            ["transporter_expires"] = "Thu, 01 Dec 2044 16:00:00 GMT",
            ["transporter_tag_team"] = "data",
            ["transporter_tag_owner"] = "me@example.com",
        }.OrderBy(m => m.Key), metadata.OrderBy(m => m.Key));
        Assert.Equal("COLDLINE", raw["storageClass"]!.GetValue<string>());
        var stat = await _store.StatAsync("tagged", Ct);
        Assert.Equal(new Dictionary<string, string> { ["color"] = "blue", ["transporter_tag_x"] = "user's own" }.OrderBy(m => m.Key), stat!.UserMetadata.OrderBy(m => m.Key));
        Assert.Equal(2, stat.TagCount);
        Assert.Equal("Thu, 01 Dec 2044 16:00:00 GMT", stat.Expires);
        Assert.Equal(new Dictionary<string, string> { ["team"] = "data", ["owner"] = "me@example.com" }.OrderBy(t => t.Key), (await _store.GetTagsAsync("tagged", Ct)).OrderBy(t => t.Key));
        Assert.False(_store.Capabilities.Tags);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("/storage/v1")]
    [InlineData("/storage/v1/")]
    public async Task The_endpoint_works_with_or_without_the_storage_v1_suffix(string suffix)
    {
        var store = _provider.Open(Endpoint(_bucket, suffix));

        await store.WriteAsync(new ObjectWriteRequest { Key = "k" + suffix.Length, Size = 1 }, new MemoryStream([1]), Ct);

        Assert.NotNull(await store.StatAsync("k" + suffix.Length, Ct));
    }

    [Fact]
    public async Task ListBuckets_pages_through_the_key_files_project()
    {
        _server.BucketPageSize = 1;
        _server.CreateBucket("other-bucket");

        var buckets = await _provider.ListBucketsAsync(Endpoint(_bucket), Ct);

        Assert.Equal(new[] { _bucket, "other-bucket" }.Order(StringComparer.Ordinal), buckets);
        Assert.Equal(2, Requests("GET", "/storage/v1/b").Count(r => r.Path.EndsWith("/b")));
    }

    private async Task AssertContentAsync(string key, long size, ulong seed)
    {
        await using var download = await _store.OpenReadAsync(key, null, Ct);
        Assert.Equal(size, download.ContentLength);
        Assert.Equal(await SHA256.HashDataAsync(new PatternStream(size, seed)), await SHA256.HashDataAsync(download.Content));
    }

    private sealed class FakeClock : IClock
    {
        private TimeSpan _offset;

        public void Advance(TimeSpan by) => _offset += by;

        public DateTime Now => DateTime.Now + _offset;

        public DateTime UtcNow => DateTime.UtcNow + _offset;
    }
}
