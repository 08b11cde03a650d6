using Transporter.Core.IO;

namespace Transporter.Connectors.Tests.S3;

/// <summary>A non-seekable source that yields <c>failAfter</c> bytes of <c>inner</c>, then throws as a broken download does.</summary>
public sealed class FailingSourceStream(Stream inner, long failAfter) : ReadOnlyStream
{
    private long _position;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position >= failAfter) throw new IOException($"source failed after {failAfter} bytes");
        var n = inner.Read(buffer[..(int)Math.Min(buffer.Length, failAfter - _position)]);
        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => Task.FromResult(Read(buffer, offset, count));
}
