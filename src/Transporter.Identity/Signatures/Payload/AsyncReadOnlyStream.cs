using Transporter.Core.IO;

namespace Transporter.Identity.Signatures.Payload;

/// <summary>A forward-only request body stream implemented by its asynchronous read; the other reads go through it.</summary>
internal abstract class AsyncReadOnlyStream : ReadOnlyStream
{
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public abstract override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default);

    // Request bodies are read asynchronously; the synchronous path exists for callers such as StreamReader in tests.
    public override int Read(Span<byte> buffer)
    {
        var rented = new byte[buffer.Length];
        var n = ReadAsync(rented.AsMemory(), CancellationToken.None).AsTask().GetAwaiter().GetResult();
        rented.AsSpan(0, n).CopyTo(buffer);
        return n;
    }
}
