using System.Security.Cryptography;
using Transporter.Core.IO;

namespace Transporter.Connectors.S3;

/// <summary>
/// Passes exactly <c>length</c> bytes of a (possibly non-seekable) source through, computing their MD5 when
/// <c>hash</c> (a part, whose ETag is checked against it and whose MD5 makes the composite ETag; a whole object is not
/// hashed here: its copier hashes the bytes once on their way and compares with what the destination reports). It also
/// records whether any byte was consumed, since a write that consumed part of its source cannot be retried by the
/// provider.
/// </summary>
/// <param name="seekableInPlace">Claim CanSeek and accept seeks to the current position only. AWSSDK's UploadPart
/// wraps every body in a PartialWrapperStream that demands a seekable stream but, with a known length, only reads
/// forward; any real seek still throws.</param>
internal sealed class Md5ReadStream(Stream source, long length, bool seekableInPlace = false, bool hash = true) : ReadOnlyStream
{
    private readonly IncrementalHash? _md5 = hash ? IncrementalHash.CreateHash(HashAlgorithmName.MD5) : null;
    private byte[]? _digest;

    /// <summary>Bytes handed out so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>The exception the source threw, if reading it failed (the SDK reports it wrapped in a transport error).</summary>
    public Exception? SourceFailure { get; private set; }

    /// <summary>MD5 of all <c>length</c> bytes; only once every byte was read.</summary>
    public byte[] Digest => _digest ??= length == 0
        ? MD5.HashData(ReadOnlySpan<byte>.Empty)
        : throw new InvalidOperationException($"only {BytesRead} of {length} bytes were read");

    public string DigestHex => Convert.ToHexStringLower(Digest);

    public string DigestBase64 => Convert.ToBase64String(Digest);

    public override bool CanSeek => seekableInPlace;
    public override long Length => length;

    public override long Position
    {
        get => BytesRead;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var wanted = Limit(buffer.Length);
        if (wanted == 0) return 0;
        int read;
        try
        {
            read = source.Read(buffer[..wanted]);
        }
        catch (Exception e)
        {
            SourceFailure = e;
            throw;
        }
        return Account(buffer[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        var wanted = Limit(buffer.Length);
        if (wanted == 0) return 0;
        int read;
        try
        {
            read = await source.ReadAsync(buffer[..wanted], ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            SourceFailure = e;
            throw;
        }
        return Account(buffer.Span[..read]);
    }

    private int Limit(int requested) => (int)Math.Min(requested, length - BytesRead);

    private int Account(ReadOnlySpan<byte> chunk)
    {
        if (chunk.Length == 0)
        {
            SourceFailure = new EndOfStreamException($"the source ended after {BytesRead} of {length} bytes");
            throw SourceFailure;
        }
        _md5?.AppendData(chunk);
        BytesRead += chunk.Length;
        // Taken at once: the SDK may dispose the request's stream before the caller asks for the digest.
        if (BytesRead == length && _md5 is not null) _digest = _md5.GetHashAndReset();
        return chunk.Length;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => BytesRead + offset,
            _ => length + offset,
        };
        if (!seekableInPlace || target != BytesRead) throw new NotSupportedException("the source stream reads forward only");
        return BytesRead;
    }

    protected override void Dispose(bool disposing)
    {
        // The source belongs to the caller; only the hash is ours.
        if (disposing) _md5?.Dispose();
        base.Dispose(disposing);
    }
}
