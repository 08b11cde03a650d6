using System.Net;
using System.Text;
using Transporter.Core.IO;

namespace Transporter.Connectors.Tests.Streams;

/// <summary>
/// Sits between a connector and its real server and spoils chosen requests: answers them with an error, or reads
/// part of the body and drops the connection, as a flaky network or a throttling service does.
/// </summary>
public sealed class FaultInjectingHandler(Func<HttpRequestMessage, int, Fault?> choose) : DelegatingHandler(new SocketsHttpHandler())
{
    private int _requests;

    public int Requests => _requests;

    /// <summary>"METHOD path?query" plus the Range and If-Match headers of every request, in order.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Seen { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var number = Interlocked.Increment(ref _requests);
        string Header(string name) => request.Headers.TryGetValues(name, out var v) ? string.Join(",", v) : "";
        Seen.Enqueue($"{request.Method} {request.RequestUri!.PathAndQuery} range={Header("x-ms-range")}{Header("Range")} if-match={Header("If-Match")}");
        switch (choose(request, number))
        {
            case Fault.CutResponseBodyAfter cut:
            {
                var response = await base.SendAsync(request, ct);
                var body = await response.Content.ReadAsStreamAsync(ct);
                var headers = response.Content.Headers.ToList();
                response.Content = new StreamContent(new CuttingStream(body, cut.Bytes));
                foreach (var (name, values) in headers) response.Content.Headers.TryAddWithoutValidation(name, values);
                return response;
            }
            case Fault.BeforeForwarding before:
                await before.Action();
                return await base.SendAsync(request, ct);
            case Fault.Answer answer:
                return new HttpResponseMessage(answer.Status)
                {
                    RequestMessage = request,
                    Content = new StringContent(answer.Body, Encoding.UTF8, answer.ContentType),
                };
            case Fault.DropAfterBodyBytes drop:
                if (request.Content is not null)
                {
                    await using var body = await request.Content.ReadAsStreamAsync(ct);
                    var buffer = new byte[drop.Bytes];
                    await body.ReadAtLeastAsync(buffer, drop.Bytes, throwOnEndOfStream: false, ct);
                }
                throw new HttpRequestException("connection reset by the fault injector", new IOException("reset"));
            default:
                return await base.SendAsync(request, ct);
        }
    }
}

public abstract record Fault
{
    public sealed record Answer(HttpStatusCode Status, string Body, string ContentType = "application/xml") : Fault;

    public sealed record DropAfterBodyBytes(int Bytes) : Fault;

    /// <summary>Forwards the request, then breaks the response body after this many bytes (a dropped download).</summary>
    public sealed record CutResponseBodyAfter(int Bytes) : Fault;

    /// <summary>Runs something (e.g. overwrites the object) before forwarding the request.</summary>
    public sealed record BeforeForwarding(Func<Task> Action) : Fault;
}

/// <summary>A response body that fails like a reset connection after <c>limit</c> bytes.</summary>
internal sealed class CuttingStream(Stream inner, int limit) : ReadOnlyStream
{
    private int _passed;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        if (_passed >= limit) throw new IOException("connection reset by the fault injector (response body)");
        var n = await inner.ReadAsync(buffer[..Math.Min(buffer.Length, limit - _passed)], ct);
        _passed += n;
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
