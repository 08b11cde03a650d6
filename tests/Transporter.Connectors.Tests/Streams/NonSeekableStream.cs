using Transporter.Core.IO;

namespace Transporter.Connectors.Tests.Streams;

/// <summary>Hides seeking, as a source object's download stream does, so uploads are proven not to rewind.</summary>
public sealed class NonSeekableStream(Stream inner) : ReadOnlyStream
{
    public static NonSeekableStream Of(byte[] bytes) => new(new MemoryStream(bytes));

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => inner.ReadAsync(buffer, ct);

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
