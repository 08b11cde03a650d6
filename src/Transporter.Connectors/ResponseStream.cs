using Transporter.Core.IO;

namespace Transporter.Connectors;

/// <summary>A response body that releases its HTTP response (and connection) when disposed.</summary>
public sealed class ResponseStream(HttpResponseMessage response, Stream body) : ReadOnlyStream
{
    public override int Read(byte[] buffer, int offset, int count) => body.Read(buffer, offset, count);
    public override int Read(Span<byte> buffer) => body.Read(buffer);
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => body.ReadAsync(buffer, ct);
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => body.ReadAsync(buffer, offset, count, ct);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            body.Dispose();
            response.Dispose();
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await body.DisposeAsync();
        response.Dispose();
        await base.DisposeAsync();
    }
}
