using System.Security.Cryptography;
using Transporter.Core.IO;
using Transporter.Core.Storage;

namespace Transporter.Connectors;

/// <summary>
/// The caller's content for one upload request: reads exactly <see cref="Length"/> bytes, hashes them (MD5) as
/// they pass when asked (a part, whose MD5 the provider checks against what it received; a whole object's bytes are
/// hashed once by the copier, which compares that with what the destination reports), and rewinds for a retry when the source is seekable or nothing was read yet. A non-seekable source
/// that was partly sent cannot be replayed; <see cref="Rewind"/> then says so and the caller gives up.
/// With <c>seekableInPlace</c> it claims <see cref="CanSeek"/>, because Azure.Core demands a seekable request body,
/// but accepts only a seek to where it already is: going back is <see cref="Rewind"/>'s job, called before each attempt.
/// </summary>
public sealed class UploadContent : ReadOnlyStream
{
    private readonly Stream _source;
    private readonly long _origin;
    private IncrementalHash? _md5;
    private long _read;

    private readonly bool _seekableInPlace;

    public UploadContent(Stream source, long length, bool seekableInPlace = false, bool hash = true)
    {
        _md5 = hash ? IncrementalHash.CreateHash(HashAlgorithmName.MD5) : null;
        _seekableInPlace = seekableInPlace;
        _source = source;
        Length = length;
        _origin = source.CanSeek ? source.Position : 0;
    }

    public override long Length { get; }

    /// <summary>Bytes handed out so far in this attempt.</summary>
    public long BytesRead => _read;

    /// <summary>True once all <see cref="Length"/> bytes went through.</summary>
    public bool Complete => _read == Length;

    /// <summary>Base64 MD5 of the bytes read; only meaningful when <see cref="Complete"/>.</summary>
    public string Md5Base64() => Convert.ToBase64String((_md5 ?? throw new InvalidOperationException("this content is not hashed")).GetCurrentHash());

    /// <summary>Prepares another attempt from the first byte; false when the bytes already sent cannot be read again.</summary>
    public bool Rewind()
    {
        if (_read == 0) return true;
        if (!_source.CanSeek) return false;
        _source.Position = _origin;
        _read = 0;
        if (_md5 is not null)
        {
            _md5.Dispose();
            _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        }
        return true;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var wanted = (int)Math.Min(buffer.Length, Length - _read);
        if (wanted == 0) return 0;
        var n = _source.Read(buffer[..wanted]);
        return Account(buffer[..n]);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        var wanted = (int)Math.Min(buffer.Length, Length - _read);
        if (wanted == 0) return 0;
        var n = await _source.ReadAsync(buffer[..wanted], ct);
        return Account(buffer.Span[..n]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    private int Account(ReadOnlySpan<byte> chunk)
    {
        // A short source would make the HTTP stack send a truncated body; fail before anything is stored.
        if (chunk.Length == 0)
            throw new ObjectStoreException(ObjectStoreErrorKind.InvalidRequest, "IncompleteBody",
                $"the content ended after {_read} of {Length} bytes");
        _md5?.AppendData(chunk);
        _read += chunk.Length;
        return chunk.Length;
    }

    public override bool CanSeek => _seekableInPlace;

    public override long Position { get => _read; set => Seek(value, SeekOrigin.Begin); }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _read + offset,
            _ => Length + offset,
        };
        if (!_seekableInPlace || target != _read) throw new NotSupportedException($"the upload content reads forward only (at {_read}, asked for {target})");
        return _read;
    }

    protected override void Dispose(bool disposing)
    {
        // The caller owns the source stream; only the hash is ours.
        if (disposing) _md5?.Dispose();
        base.Dispose(disposing);
    }
}
