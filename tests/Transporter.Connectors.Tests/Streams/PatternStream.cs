using Transporter.Core.IO;

namespace Transporter.Connectors.Tests.Streams;

/// <summary>
/// <see cref="Length"/> pseudo-random bytes generated on the fly (never held in memory), the same for the same
/// seed and offset, so a large object can be uploaded from one instance and compared with a fresh one.
/// Not seekable, like a source object's download stream.
/// </summary>
public sealed class PatternStream(long length, ulong seed) : ReadOnlyStream
{
    private long _position;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, length - _position);
        var p = _position;
        var i = 0;
        while (i < n)
        {
            var word = Word((ulong)(p >> 3));
            for (var b = (int)(p & 7); b < 8 && i < n; b++, p++) buffer[i++] = (byte)(word >> (b * 8));
        }
        _position = p;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => Task.FromResult(Read(buffer.AsSpan(offset, count)));

    /// <summary>The 8 bytes at word <paramref name="index"/>: a 64-bit mix (splitmix64) of the seed and the index.</summary>
    private ulong Word(ulong index)
    {
        var x = seed ^ (index * 0x9E3779B97F4A7C15UL);
        x ^= x >> 31; x *= 0xBF58476D1CE4E5B9UL; x ^= x >> 27; x *= 0x94D049BB133111EBUL; x ^= x >> 33;
        return x;
    }

    public override long Length => length;
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    /// <summary>A stream of bytes [<paramref name="start"/>, start+<paramref name="count"/>) of the pattern.</summary>
    public static Stream Slice(ulong seed, long start, long count)
    {
        var stream = new PatternStream(start + count, seed);
        stream._position = start;
        return stream;
    }
}
