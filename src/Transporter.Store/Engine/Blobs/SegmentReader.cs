using Microsoft.Win32.SafeHandles;

namespace Transporter.Store.Engine.Blobs;

/// <summary>
/// Reads a byte range across an object's data files in order (a manifest's parts are streamed one after another,
/// never joined on disk). Opens one file at a time.
/// </summary>
internal sealed class SegmentReader : IDisposable
{
    private readonly BlobDirectory _directory;
    private readonly IReadOnlyList<BlobSegment> _segments;
    private int _segment;
    private long _segmentOffset;
    private long _remaining;
    private SafeFileHandle? _handle;
    private readonly Func<int, Encryption.AesCtr>? _decryptor;
    private Encryption.AesCtr? _cipher;

    /// <param name="decryptor">The cipher of a segment's part number, for encrypted objects; null for plain ones.</param>
    public SegmentReader(BlobDirectory directory, IReadOnlyList<BlobSegment> segments, long offset, long length, Func<int, Encryption.AesCtr>? decryptor = null)
    {
        _decryptor = decryptor;
        _directory = directory;
        _segments = segments;
        _remaining = length;
        while (_segment < segments.Count && offset >= segments[_segment].Length)
        {
            offset -= segments[_segment].Length;
            _segment++;
        }
        _segmentOffset = offset;
    }

    public long Remaining => _remaining;

    /// <summary>Reads up to <paramref name="buffer"/>.Length bytes; 0 at the end of the range.</summary>
    public int Read(Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length && _remaining > 0)
        {
            if (_segment >= _segments.Count) throw new IOException("object data ends before its recorded size");
            var segment = _segments[_segment];
            if (_segmentOffset >= segment.Length)
            {
                NextSegment();
                continue;
            }
            _handle ??= File.OpenHandle(_directory.PathOf(segment.BlobId), FileMode.Open, FileAccess.Read, FileShare.Read);
            var want = (int)Math.Min(Math.Min(buffer.Length - total, _remaining), segment.Length - _segmentOffset);
            var read = RandomAccess.Read(_handle, buffer.Slice(total, want), _segmentOffset);
            if (read == 0) throw new IOException($"data file {segment.BlobId} is shorter than recorded");
            if (_decryptor is not null) (_cipher ??= _decryptor(segment.Part)).Apply(buffer.Slice(total, read), _segmentOffset);
            total += read;
            _segmentOffset += read;
            _remaining -= read;
        }
        return total;
    }

    /// <summary>Copies the whole range to <paramref name="destination"/>, reading the next buffer from disk while the
    /// previous one is being written.</summary>
    public async Task CopyToAsync(Stream destination, CancellationToken ct)
    {
        if (_remaining == 0) return;
        var size = (int)Math.Min(_remaining, 256 * 1024);
        var current = BlobBuffers.Pool.Rent(size);
        var spare = _remaining > size ? BlobBuffers.Pool.Rent(size) : null;
        try
        {
            var filled = Read(current.AsSpan(0, size));
            while (filled > 0)
            {
                var write = destination.WriteAsync(current.AsMemory(0, filled), ct);
                if (_remaining == 0)
                {
                    await write.ConfigureAwait(false);
                    break;
                }
                filled = Read(spare.AsSpan(0, size));
                await write.ConfigureAwait(false);
                (current, spare) = (spare!, current);
            }
        }
        finally
        {
            BlobBuffers.Pool.Return(current);
            if (spare is not null) BlobBuffers.Pool.Return(spare);
        }
    }

    private void NextSegment()
    {
        _handle?.Dispose();
        _cipher?.Dispose();
        _cipher = null;
        _handle = null;
        _segment++;
        _segmentOffset = 0;
    }

    public void Dispose()
    {
        _handle?.Dispose();
        _cipher?.Dispose();
    }
}
