using Transporter.Core.IO;

namespace Transporter.Core.Bandwidth;

/// <summary>
/// A read-only stream that takes budget from an <see cref="IBandwidthLimiter"/> for the bytes it returns. Reads are
/// cut to at most 1/50 s of budget (and 256 KiB), so one large read never holds seconds of budget and the
/// transfers of a migration interleave fairly.
/// </summary>
public sealed class ThrottledStream(Stream inner, IBandwidthLimiter limiter, bool leaveOpen = false) : ReadOnlyStream
{
    private const int MaxRead = 256 * 1024;
    private long _position;

    public override bool CanRead => inner.CanRead;

    /// <summary>The inner stream's length (throws when it has none).</summary>
    public override long Length => inner.Length;

    /// <summary>Bytes returned so far.</summary>
    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException("ThrottledStream cannot seek");
    }

    private int ChunkSize(int requested)
    {
        var rate = limiter.BytesPerSecond;
        if (rate == 0) return requested;
        return (int)Math.Min(requested, Math.Clamp(rate / 50, 1, MaxRead));
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.Length == 0) return await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        var read = await inner.ReadAsync(buffer[..ChunkSize(buffer.Length)], cancellationToken).ConfigureAwait(false);
        if (read > 0) await limiter.WaitAsync(read, cancellationToken).ConfigureAwait(false);
        _position += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(Span<byte> buffer)
    {
        if (buffer.Length == 0) return inner.Read(buffer);
        var read = inner.Read(buffer[..ChunkSize(buffer.Length)]);
        if (read > 0)
        {
            var wait = limiter.WaitAsync(read, CancellationToken.None);
            if (!wait.IsCompletedSuccessfully) wait.AsTask().GetAwaiter().GetResult();
        }
        _position += read;
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("ThrottledStream cannot seek");

    public override void SetLength(long value) => throw new NotSupportedException("ThrottledStream is read-only");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("ThrottledStream is read-only");

    protected override void Dispose(bool disposing)
    {
        if (disposing && !leaveOpen) inner.Dispose();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!leaveOpen) await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
