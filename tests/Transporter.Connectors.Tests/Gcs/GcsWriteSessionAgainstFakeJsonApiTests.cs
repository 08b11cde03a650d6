using System.Security.Cryptography;
using Transporter.Connectors.Gcs;
using Transporter.Connectors.Tests.Streams;
using Transporter.Core.Endpoints;
using Transporter.Core.Storage;
using Transporter.Testing.Gcs;

namespace Transporter.Connectors.Tests.Gcs;

/// <summary>
/// GCS write sessions continued across processes, against the FAKE JSON API (<see cref="FakeGcsServer"/>; no real GCS runs
/// here): a session begun by one store instance, cut short, is finished by another instance (another provider, as another
/// worker process has) from the session URI, sending only the bytes the session lacks; the status query, a chunk dropped
/// while continuing, and sessions that expired, were aborted or already finished.
/// </summary>
public sealed class GcsWriteSessionAgainstFakeJsonApiTests : IAsyncLifetime
{
    private const int Chunk = GcsStoreProvider.ChunkGranularity * 2; // 512 KiB
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
        _provider = new GcsStoreProvider(null, 100, Chunk);
        _store = _provider.Open(Endpoint());
    }

    public async Task DisposeAsync()
    {
        _provider.Dispose();
        await _server.DisposeAsync();
    }

    private EndpointConfig Endpoint() => _server.EndpointFor(_bucket);

    [Fact]
    public async Task A_session_cut_after_three_chunks_is_finished_by_another_store_instance_that_sends_only_the_rest()
    {
        const long size = 5L * Chunk + 1234;
        var request = new ObjectWriteRequest { Key = "continued", Size = size, ContentMd5 = Md5(size, 5) };
        var session = await CutAfterChunksAsync(request, chunks: 3, seed: 5);

        // Another worker process: its own provider, client and token, and only the session URI from the checkpoint.
        using var otherProcess = new GcsStoreProvider(null, 100, Chunk);
        var continued = await otherProcess.Open(Endpoint()).ResumeWriteSessionAsync(new ObjectWriteRequest { Key = "continued", Size = size }, session.UploadId, Ct);
        var held = await continued.HeldBytesAsync(Ct);
        var before = (_server.UploadBytesReceived, _server.Requests.Count);
        var result = await continued.WriteAsync(held, PatternStream.Slice(5, held, size - held), Ct);

        Assert.Equal(3L * Chunk, held);
        Assert.Equal(size - held, _server.UploadBytesReceived - before.UploadBytesReceived);
        // The SDK asks the session where it stands (bytes */size), then sends on from that byte.
        var after = _server.Requests.Skip(before.Count).Where(r => r.Method == "PUT").Select(r => r.ContentRange).ToList();
        Assert.Equal($"bytes */{size}", after[0]);
        Assert.Equal([$"bytes {held}-{held + Chunk - 1}/{size}", $"bytes {held + Chunk}-{held + 2 * Chunk - 1}/{size}", $"bytes {held + 2 * Chunk}-{size - 1}/{size}"],
            after.Skip(1));
        // md5Hash was announced when the session began: GCS checked the whole object, both writers' bytes, against it.
        Assert.Equal(request.ContentMd5, result.ContentMd5);
        Assert.Equal(_server.ObjectResource(_bucket, "continued")!["crc32c"]!.GetValue<string>(), result.Crc32c);
        await AssertContentAsync("continued", size, 5);
    }

    [Fact]
    public async Task A_chunk_dropped_while_continuing_a_session_is_resent_from_the_kept_chunk_without_reading_the_source_again()
    {
        const long size = 6L * Chunk + 77;
        var session = await CutAfterChunksAsync(new ObjectWriteRequest { Key = "dropped", Size = size }, chunks: 2, seed: 8);
        // The first chunk sent after the resumption loses its connection after 300 KiB: the session keeps 256 KiB of it.
        var chunkPuts = 0;
        _server.InjectFault(r => r.Method == "PUT" && !r.ContentRange.StartsWith("bytes */") && ++chunkPuts == 1
            ? ScriptedFault.DropConnectionAfter(300 * 1024) : null);
        var held = await session.HeldBytesAsync(Ct);
        var before = _server.UploadBytesReceived;

        // Exactly the rest of the object: a second read of any byte would run past its end and fail the upload.
        await session.WriteAsync(held, PatternStream.Slice(8, held, size - held), Ct);

        Assert.Equal(2L * Chunk, held);
        Assert.Equal(size - held + (300 - 256) * 1024, _server.UploadBytesReceived - before);
        Assert.Contains(_server.Requests, r => r.ContentRange.StartsWith($"bytes {held + GcsStoreProvider.ChunkGranularity}-", StringComparison.Ordinal));
        await AssertContentAsync("dropped", size, 8);
    }

    [Fact]
    public async Task Sessions_that_expired_were_aborted_or_finished_take_no_more_bytes_and_aborting_them_is_harmless()
    {
        var expired = await _store.StartWriteSessionAsync(new ObjectWriteRequest { Key = "expired", Size = 2 * Chunk }, Ct);
        _server.ExpireSession(FakeGcsServer.UploadIdOf(expired.UploadId));
        var aborted = await _store.StartWriteSessionAsync(new ObjectWriteRequest { Key = "aborted", Size = 2 * Chunk }, Ct);
        Assert.Equal(0, await aborted.HeldBytesAsync(Ct));
        await aborted.AbortAsync(Ct);
        var finished = await _store.StartWriteSessionAsync(new ObjectWriteRequest { Key = "finished", Size = 10 }, Ct);
        await finished.WriteAsync(0, new MemoryStream(new byte[10]), Ct);

        foreach (var (session, code) in new[] { (expired, "sessionExpired"), (aborted, "notFound"), (finished, "sessionFinished") })
        {
            var error = await Assert.ThrowsAsync<ObjectStoreException>(() => session.HeldBytesAsync(Ct));
            Assert.Equal((ObjectStoreErrorKind.NotFound, code), (error.Kind, error.ProviderCode));
        }
        Assert.DoesNotContain(FakeGcsServer.UploadIdOf(aborted.UploadId), _server.SessionProgress.Keys);
        // Sending to a session that is gone is NotFound too: the session's, not the bucket's (which would fail a whole run).
        var write = await Assert.ThrowsAsync<ObjectStoreException>(() => aborted.WriteAsync(0, new MemoryStream(new byte[2 * Chunk]), Ct));
        Assert.Equal(ObjectStoreErrorKind.NotFound, write.Kind);
        await expired.AbortAsync(Ct);
        await aborted.AbortAsync(Ct);
        Assert.Null(_server.ObjectResource(_bucket, "aborted"));
    }

    [Fact]
    public async Task Writes_and_reads_report_GCSs_crc32c()
    {
        var written = await _store.WriteAsync(new ObjectWriteRequest { Key = "check", Size = 9 }, new MemoryStream("123456789"u8.ToArray()), Ct);

        // CRC-32C's check value (RFC 3720, B.4): 0xE3069283, big-endian, base64.
        Assert.Equal("4waSgw==", written.Crc32c);
        Assert.Equal("4waSgw==", (await _store.StatAsync("check", Ct))!.Crc32c);
    }

    [Fact]
    public async Task A_session_URI_of_another_host_is_not_used_with_this_endpoints_token()
    {
        var error = await Assert.ThrowsAsync<ObjectStoreException>(() => _store.ResumeWriteSessionAsync(new ObjectWriteRequest { Key = "k", Size = 1 },
            "https://elsewhere.example/upload/storage/v1/b/b/o?uploadType=resumable&upload_id=1", Ct));

        Assert.Equal(ObjectStoreErrorKind.NotFound, error.Kind);
    }

    /// <summary>Begins a session and sends <paramref name="chunks"/> chunks of the object through it, then stops as a
    /// worker that dies does (its source gives nothing more; the write is cancelled once the session holds those chunks).</summary>
    private async Task<IWriteSession> CutAfterChunksAsync(ObjectWriteRequest request, int chunks, ulong seed)
    {
        var session = await _store.StartWriteSessionAsync(request, Ct);
        var id = FakeGcsServer.UploadIdOf(session.UploadId);
        using var stop = new CancellationTokenSource();
        // The SDK reads one byte past a chunk before sending it (to know whether it is the last).
        var writing = session.WriteAsync(0, new StallingStream((long)chunks * Chunk + 1, new PatternStream(request.Size, seed)), stop.Token);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (_server.SessionProgress[id] < (long)chunks * Chunk)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the session holds {_server.SessionProgress[id]} bytes after 30 s");
            Assert.False(writing.IsCompleted, $"the write ended early: {writing.Exception}");
            await Task.Delay(10);
        }
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => writing);
        Assert.Equal((long)chunks * Chunk, _server.SessionProgress[id]);
        return session;
    }

    private static string Md5(long size, ulong seed) => Convert.ToBase64String(MD5.HashData(new PatternStream(size, seed)));

    private async Task AssertContentAsync(string key, long size, ulong seed)
    {
        await using var download = await _store.OpenReadAsync(key, null, Ct);
        Assert.Equal(size, download.ContentLength);
        Assert.Equal(await SHA256.HashDataAsync(new PatternStream(size, seed)), await SHA256.HashDataAsync(download.Content));
    }
}
