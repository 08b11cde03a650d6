using Transporter.Core.IO;

namespace Transporter.Store.Protocol.Metering;

/// <summary>The request body as the store reads it, counting the bytes that arrive (for /metrics' bytes received per
/// operation). Only counts: the bytes pass through untouched.</summary>
internal sealed class CountingRequestBody(Stream inner) : ReadOnlyStream
{
    /// <summary>Bytes read so far (the body as sent: aws-chunked framing included).</summary>
    public long Count { get; private set; }

    public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Counted(inner.Read(buffer));

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Counted(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).ConfigureAwait(false));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Counted(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    private int Counted(int n)
    {
        Count += n;
        return n;
    }
}
