using Transporter.Core.IO;
using Transporter.Store.Engine.Blobs;
using Transporter.Store.Engine.Model;

namespace Transporter.Store.Engine;

/// <summary>
/// An object opened for reading: its metadata and a read lease that keeps its data files in place until disposed,
/// even if the key is overwritten or deleted meanwhile. Read any range, as often as needed, before disposing.
/// </summary>
public sealed class StoredObject : IDisposable
{
    private readonly BlobDirectory _directory;
    private readonly BlobContentCache _contents;
    private readonly IReadOnlyList<BlobSegment> _segments;
    private readonly Action _release;
    private readonly Func<int, Encryption.AesCtr>? _decryptor;
    private bool _disposed;

    internal StoredObject(ObjectInfo info, BlobDirectory directory, BlobContentCache contents, IReadOnlyList<BlobSegment> segments, Action release,
        Func<int, Encryption.AesCtr>? decryptor = null)
    {
        _decryptor = decryptor;
        Info = info;
        _directory = directory;
        _contents = contents;
        _segments = segments;
        _release = release;
    }

    public ObjectInfo Info { get; }

    /// <summary>The bytes of an object stored inline (read with its row, as stored: encrypted when the object is).</summary>
    internal byte[]? Inline { get; init; }

    /// <summary>Writes bytes [offset, offset+length) of the object to <paramref name="destination"/>.</summary>
    public async Task CopyToAsync(Stream destination, long offset, long length, CancellationToken ct)
    {
        CheckRange(offset, length);
        if (Inline is not null)
        {
            await destination.WriteAsync(InlineRange(offset, length), ct).ConfigureAwait(false);
            return;
        }
        // Encrypted objects are never cached in the clear.
        if (_decryptor is null && _segments.Count == 1 && _contents.Caches(_segments[0].Length))
        {
            var content = _contents.TryGet(_segments[0].BlobId) ?? LoadSmall(_segments[0]);
            await destination.WriteAsync(content.AsMemory((int)offset, (int)length), ct).ConfigureAwait(false);
            return;
        }
        using var reader = new SegmentReader(_directory, _segments, offset, length, _decryptor);
        await reader.CopyToAsync(destination, ct).ConfigureAwait(false);
    }

    /// <summary>A read-only stream over bytes [offset, offset+length), valid while this object is open.</summary>
    public Stream OpenRead(long offset, long length)
    {
        CheckRange(offset, length);
        if (Inline is not null)
        {
            var range = InlineRange(offset, length);
            return new MemoryStream(range.Array!, range.Offset, range.Count, writable: false);
        }
        return new SegmentStream(new SegmentReader(_directory, _segments, offset, length, _decryptor));
    }

    /// <summary>Bytes [offset, offset+length) of the inline content, decrypted into a copy when the object is encrypted
    /// (the shared content is never changed).</summary>
    private ArraySegment<byte> InlineRange(long offset, long length)
    {
        var range = new ArraySegment<byte>(Inline!, (int)offset, (int)length);
        if (_decryptor is null) return range;
        var plain = range.ToArray();
        using (var cipher = _decryptor(0)) cipher.Apply(plain, offset);
        return plain;
    }

    private byte[] LoadSmall(BlobSegment segment)
    {
        var content = new byte[segment.Length];
        using (var reader = new SegmentReader(_directory, _segments, 0, segment.Length))
            if (reader.Read(content) != content.Length) throw new IOException($"data file {segment.BlobId} is shorter than recorded");
        _contents.Add(segment.BlobId, content);
        return content;
    }

    private void CheckRange(long offset, long length)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (offset < 0 || length < 0 || offset + length > Info.Size) throw new ArgumentOutOfRangeException(nameof(offset));
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _release();
    }

    private sealed class SegmentStream(SegmentReader reader) : ReadOnlyStream
    {
        public override int Read(byte[] buffer, int offset, int count) => reader.Read(buffer.AsSpan(offset, count));
        public override int Read(Span<byte> buffer) => reader.Read(buffer);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) =>
            ValueTask.FromResult(reader.Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
            Task.FromResult(reader.Read(buffer.AsSpan(offset, count)));

        protected override void Dispose(bool disposing)
        {
            if (disposing) reader.Dispose();
            base.Dispose(disposing);
        }
    }
}
