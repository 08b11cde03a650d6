using System.Security.Cryptography;
using Transporter.Core.IO;

namespace Transporter.Testing;

/// <summary>
/// <see cref="Length"/> pseudo-random bytes made on the fly (never held in memory), the same for the same seed, so a
/// large object can be uploaded and its copy compared by hash without keeping either. Not seekable, like a download.
/// </summary>
public sealed class GeneratedContent(long length, ulong seed) : ReadOnlyStream
{
    private long _position;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, length - _position);
        for (var i = 0; i < n; i++, _position++)
        {
            // splitmix64 of (seed, word index), one byte of the word at a time.
            var x = seed ^ ((ulong)(_position >> 3) * 0x9E3779B97F4A7C15UL);
            x ^= x >> 31; x *= 0xBF58476D1CE4E5B9UL; x ^= x >> 27; x *= 0x94D049BB133111EBUL; x ^= x >> 33;
            buffer[i] = (byte)(x >> (int)((_position & 7) * 8));
        }
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => Task.FromResult(Read(buffer.AsSpan(offset, count)));

    /// <summary>SHA-256 of the <paramref name="length"/> bytes of <paramref name="seed"/>.</summary>
    public static byte[] Sha256(long length, ulong seed) => SHA256.HashData(new GeneratedContent(length, seed));

    public override long Length => length;
    public override long Position { get => _position; set => throw new NotSupportedException(); }
}
