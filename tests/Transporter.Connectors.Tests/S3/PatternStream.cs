using System.Security.Cryptography;

namespace Transporter.Connectors.Tests.S3;

/// <summary>
/// A non-seekable stream of <c>length</c> pseudo-random bytes generated as they are read, so a test can send a large
/// object without holding it in memory. The same seed always yields the same bytes; <c>first</c> starts the stream at
/// that offset of the pattern (a part of a larger object).
/// </summary>
public sealed class PatternStream(long length, int seed = 1, long first = 0) : Stream
{
    private long _position;

    /// <summary>Reads this many bytes, then throws as a failing source would (null: never).</summary>
    public long? FailAfter { get; init; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException("not seekable");

    public override long Position
    {
        get => throw new NotSupportedException("not seekable");
        set => throw new NotSupportedException("not seekable");
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (FailAfter is { } limit && _position >= limit) throw new IOException($"source failed after {limit} bytes");
        var count = (int)Math.Min(buffer.Length, length - _position);
        if (FailAfter is { } stop) count = (int)Math.Min(count, stop - _position);
        for (var i = 0; i < count; i++) buffer[i] = ByteAt(_position + i);
        _position += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => Task.FromResult(Read(buffer, offset, count));

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>MD5 of the bytes [first, first+count) of the pattern, computed without materialising them.</summary>
    public static byte[] Md5(long count, int seed = 1, long first = 0)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var buffer = new byte[64 * 1024];
        for (var done = 0L; done < count;)
        {
            var n = (int)Math.Min(buffer.Length, count - done);
            for (var i = 0; i < n; i++) buffer[i] = ByteAt(first + done + i, seed);
            md5.AppendData(buffer, 0, n);
            done += n;
        }
        return md5.GetHashAndReset();
    }

    public static byte[] Bytes(long first, int count, int seed = 1)
    {
        var bytes = new byte[count];
        for (var i = 0; i < count; i++) bytes[i] = ByteAt(first + i, seed);
        return bytes;
    }

    private byte ByteAt(long position) => ByteAt(first + position, seed);

    private static byte ByteAt(long position, int seed)
    {
        // A cheap mix of position and seed; the multiplier spreads consecutive positions over all byte values.
        var x = (ulong)position * 0x9E3779B97F4A7C15UL + (ulong)seed * 0xBF58476D1CE4E5B9UL;
        x ^= x >> 29;
        return (byte)(x >> 24);
    }
}
