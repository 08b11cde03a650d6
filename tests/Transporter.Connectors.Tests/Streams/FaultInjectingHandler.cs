using System.Net;
using System.Text;

namespace Transporter.Connectors.Tests.Streams;

/// <summary>
/// Sits between a connector and its real server and spoils chosen requests: answers them with an error, or reads
/// part of the body and drops the connection, as a flaky network or a throttling service does.
/// </summary>
public sealed class FaultInjectingHandler(Func<HttpRequestMessage, int, Fault?> choose) : DelegatingHandler(new SocketsHttpHandler())
{
    private int _requests;

    public int Requests => _requests;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var number = Interlocked.Increment(ref _requests);
        switch (choose(request, number))
        {
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
}
