using System.Buffers;

namespace Transporter.Connectors.Gcs;

/// <summary>
/// The rest of an object, from the byte a resumed session holds, as the SDK wants the content of a session that another
/// process began (<c>ResumableUpload.ResumeAsync(Uri)</c> takes only seekable streams): as long as the whole object and
/// positioned at that byte. The SDK moves the position only to the byte after what the session holds: back to within
/// the chunk it just sent when the session kept part of it, which is read again from the last chunk's bytes kept here
/// (<paramref name="window"/> bytes, one chunk), or forward when the session holds more than said (skipped in the
/// source). Anything further back is refused.
/// </summary>
/// <param name="rest">The object's bytes from <paramref name="first"/> on.</param>
internal sealed class GcsResumedContent(Stream rest, long first, long length, int window) : Stream
{
    private readonly long _first = first;
    private readonly byte[] _kept = new byte[window];
    private long _position = first;
    private long _readTo = first;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => length + offset,
        };
        var earliest = Math.Max(_first, _readTo - _kept.Length);
        if (target < earliest || target > length)
            throw new NotSupportedException($"the resumed upload's content can go back to byte {earliest} only (asked for {target})");
        return _position = target;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        if (buffer.Length == 0 || _position >= length) return 0;
        while (_readTo < _position) await SkipAsync(ct);
        if (_position < _readTo)
        {
            // Again, from the bytes kept: at most up to the end of the ring.
            var at = (int)(_position % _kept.Length);
            var n = (int)Math.Min(Math.Min(buffer.Length, _readTo - _position), _kept.Length - at);
            _kept.AsSpan(at, n).CopyTo(buffer.Span);
            _position += n;
            return n;
        }
        var read = await rest.ReadAsync(buffer[..(int)Math.Min(buffer.Length, length - _position)], ct);
        Keep(buffer.Span[..read]);
        _position += read;
        return read;
    }

    private async Task SkipAsync(CancellationToken ct)
    {
        var scratch = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            var n = await rest.ReadAsync(scratch.AsMemory(0, (int)Math.Min(scratch.Length, _position - _readTo)), ct);
            if (n == 0) throw new EndOfStreamException($"the content ended at byte {_readTo} of {length}");
            Keep(scratch.AsSpan(0, n));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>Appends bytes just taken from the source to the ring of the last <c>window</c> bytes.</summary>
    private void Keep(ReadOnlySpan<byte> bytes)
    {
        var end = _readTo + bytes.Length;
        if (bytes.Length > _kept.Length) bytes = bytes[^_kept.Length..];
        var at = (int)((end - bytes.Length) % _kept.Length);
        var head = Math.Min(bytes.Length, _kept.Length - at);
        bytes[..head].CopyTo(_kept.AsSpan(at));
        bytes[head..].CopyTo(_kept);
        _readTo = end;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
