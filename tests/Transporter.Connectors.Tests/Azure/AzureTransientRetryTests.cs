using System.Net;
using Transporter.Connectors.Azure;
using Transporter.Connectors.Tests.Streams;
using Transporter.Core.RequestRates;
using Transporter.Core.Storage;

namespace Transporter.Connectors.Tests.Azure;

/// <summary>Retries of transient failures (the SDK's retry policy and resuming download stream), injected in front of a real Azurite.</summary>
[Collection("Azurite")]
public sealed class AzureTransientRetryTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string ServerBusy = "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>ServerBusy</Code><Message>Egress is over the account limit.\nRequestId:1</Message></Error>";
    private string _container = null!;

    private static CancellationToken Ct => CancellationToken.None;

    public async Task InitializeAsync()
    {
        _container = $"retry-{Guid.NewGuid():N}"[..26];
        await azurite.CreateContainerAsync(_container);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private IObjectStore Open(FaultInjectingHandler handler) =>
        new AzureStoreProvider(new AzureProviderOptions { Handler = handler, MaxRetries = 3, RetryDelay = TimeSpan.FromMilliseconds(10) })
            .Open(azurite.Endpoint(_container));

    [Fact]
    public async Task Throttled_requests_are_retried_until_they_succeed()
    {
        // Every odd request is refused with 503 ServerBusy; each operation succeeds on its second attempt.
        var handler = new FaultInjectingHandler((_, n) => n % 2 == 1 ? new Fault.Answer(HttpStatusCode.ServiceUnavailable, ServerBusy) : null);
        var store = Open(handler);

        await store.WriteAsync(new ObjectWriteRequest { Key = "k", Size = 3 }, NonSeekableStream.Of([1, 2, 3]), Ct);
        var stat = await store.StatAsync("k", Ct);

        Assert.Equal(3, stat!.Size);
        Assert.Equal(4, handler.Requests);
    }

    [Fact]
    public async Task ServerBusy_answers_within_a_copy_are_counted_and_limit_the_endpoints_request_rate()
    {
        // A copy batch runs in a RequestRateScope: each request, retries included, goes through the adaptive rate, and
        // Azure's 503 ServerBusy (the SDK retries it) is a throttled answer that limits the endpoint.
        var handler = new FaultInjectingHandler((_, n) => n % 2 == 1 ? new Fault.Answer(HttpStatusCode.ServiceUnavailable, ServerBusy) : null);
        var store = Open(handler);
        var scope = new RequestRateScope(new RequestRateRegistry(new InProcessRequestRateStore(TimeProvider.System), TimeProvider.System));

        using (scope.Enter())
            await store.WriteAsync(new ObjectWriteRequest { Key = "paced", Size = 3 }, NonSeekableStream.Of([1, 2, 3]), Ct);

        Assert.Equal((2L, 1L), (scope.Requests, scope.Throttled));
        Assert.True(scope.CurrentRate >= RequestRatePolicy.MinRate, $"the endpoint is not limited: {scope.CurrentRate}");
        Assert.Equal(3, (await store.StatAsync("paced", Ct))!.Size);
    }

    [Fact]
    public async Task Throttling_that_outlasts_the_retries_is_Transient_with_Azures_code()
    {
        var handler = new FaultInjectingHandler((_, _) => new Fault.Answer(HttpStatusCode.ServiceUnavailable, ServerBusy));
        var store = Open(handler);

        var error = await Assert.ThrowsAsync<ObjectStoreException>(() => store.StatAsync("k", Ct));

        Assert.Equal(ObjectStoreErrorKind.Transient, error.Kind);
        Assert.Equal("ServerBusy: Egress is over the account limit.", error.Details);
        Assert.Equal(4, handler.Requests);
    }

    [Fact]
    public async Task An_upload_dropped_midway_is_resent_from_a_seekable_source()
    {
        var content = Enumerable.Range(0, 10_000).Select(i => (byte)i).ToArray();
        var handler = new FaultInjectingHandler((r, n) => n == 1 && r.Method == HttpMethod.Put ? new Fault.DropAfterBodyBytes(4000) : null);
        var store = Open(handler);

        await store.WriteAsync(new ObjectWriteRequest { Key = "seekable", Size = content.Length }, new MemoryStream(content), Ct);

        await using var read = await store.OpenReadAsync("seekable", null, Ct);
        using var copy = new MemoryStream();
        await read.Content.CopyToAsync(copy);
        Assert.Equal(content, copy.ToArray());
    }

    [Fact]
    public async Task An_upload_dropped_midway_from_a_non_seekable_source_is_not_replayed()
    {
        var handler = new FaultInjectingHandler((r, n) => n == 1 && r.Method == HttpMethod.Put ? new Fault.DropAfterBodyBytes(4000) : null);
        var store = Open(handler);

        var error = await Assert.ThrowsAsync<ObjectStoreException>(() =>
            store.WriteAsync(new ObjectWriteRequest { Key = "stream", Size = 10_000 }, NonSeekableStream.Of(new byte[10_000]), Ct));

        Assert.Equal(ObjectStoreErrorKind.Transient, error.Kind);
        Assert.Equal("NotReplayable", error.ProviderCode);
        Assert.Contains("connection reset by the fault injector", error.Message);
        Assert.Equal(1, handler.Requests);
        Assert.Null(await Open(new FaultInjectingHandler((_, _) => null)).StatAsync("stream", Ct));
    }

    [Fact]
    public async Task A_download_cut_midway_resumes_from_the_next_byte_of_the_same_version()
    {
        var content = System.Security.Cryptography.RandomNumberGenerator.GetBytes(1_000_000);
        await Open(new FaultInjectingHandler((_, _) => null)).WriteAsync(new ObjectWriteRequest { Key = "cut", Size = content.Length }, new MemoryStream(content), Ct);
        var handler = new FaultInjectingHandler((r, n) => n == 1 ? new Fault.CutResponseBodyAfter(300_000) : null);
        var store = Open(handler);

        await using var download = await store.OpenReadAsync("cut", null, Ct);
        using var copy = new MemoryStream();
        await download.Content.CopyToAsync(copy);

        Assert.Equal(content, copy.ToArray());
        var seen = handler.Seen.ToList();
        Assert.Equal(2, seen.Count);
        Assert.Contains("range=bytes=300000-", seen[1]);
        Assert.Matches("if-match=\"0x[0-9A-F]+\"", seen[1]);
    }

    [Fact]
    public async Task A_download_cut_midway_is_not_resumed_from_a_newer_version()
    {
        var plain = Open(new FaultInjectingHandler((_, _) => null));
        await plain.WriteAsync(new ObjectWriteRequest { Key = "changing", Size = 500_000 }, new MemoryStream(new byte[500_000]), Ct);
        var handler = new FaultInjectingHandler((r, n) => n switch
        {
            1 => new Fault.CutResponseBodyAfter(100_000),
            2 => new Fault.BeforeForwarding(() => plain.WriteAsync(new ObjectWriteRequest { Key = "changing", Size = 500_000 }, new MemoryStream(new byte[500_000]), Ct)),
            _ => null,
        });
        var store = Open(handler);

        await using var download = await store.OpenReadAsync("changing", null, Ct);
        var error = await Assert.ThrowsAsync<ObjectStoreException>(() => download.Content.CopyToAsync(Stream.Null));

        Assert.Equal("ConditionNotMet", error.ProviderCode);
    }
}
