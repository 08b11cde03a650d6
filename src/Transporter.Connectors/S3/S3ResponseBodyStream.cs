using System.Security.Cryptography;
using Amazon.Runtime;
using Transporter.Core.IO;
using Transporter.Core.Storage;

namespace Transporter.Connectors.S3;

/// <summary>
/// A GET body as AWSSDK hands it out. For whole single-part objects the SDK hashes the bytes and compares them with
/// the ETag (MD5) only when its stream is disposed, so a mismatch would surface after the caller used the bytes.
/// This stream closes the SDK's stream as soon as the last byte was read, in the same read call, and turns a
/// mismatch into <see cref="ObjectStoreErrorKind.IntegrityMismatch"/> before the caller sees the last bytes.
/// Transport failures pass through unchanged, for <see cref="ResumingReadStream"/> to resume.
/// The lean data path (<see cref="S3DataPath"/>) has no SDK stream to check: it hands in the MD5 the ETag names
/// (<paramref name="expectedMd5"/>), hashed and compared here at the same point.
/// </summary>
internal sealed class S3ResponseBodyStream(Stream body, long length, string key, byte[]? expectedMd5 = null) : ReadOnlyStream
{
    private readonly IncrementalHash? _md5 = expectedMd5 is null ? null : IncrementalHash.CreateHash(HashAlgorithmName.MD5);
    private long _read;
    private bool _finished;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_finished) return 0;
        var n = body.Read(buffer);
        _md5?.AppendData(buffer[..n]);
        return Account(n);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        if (_finished) return 0;
        var n = await body.ReadAsync(buffer, ct);
        _md5?.AppendData(buffer.Span[..n]);
        return Account(n);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    private int Account(int n)
    {
        _read += n;
        if (_read < length || length < 0) return n;
        _finished = true;
        try
        {
            body.Dispose(); // runs the SDK's ETag check
        }
        catch (AmazonClientException e)
        {
            throw new ObjectStoreException(ObjectStoreErrorKind.IntegrityMismatch, "ChecksumMismatch", $"{key}: {e.Message}", e);
        }
        if (_md5 is not null && !_md5.GetHashAndReset().AsSpan().SequenceEqual(expectedMd5))
            throw new ObjectStoreException(ObjectStoreErrorKind.IntegrityMismatch, "ChecksumMismatch",
                $"{key}: the bytes received do not have the MD5 {Convert.ToHexStringLower(expectedMd5!)} of the object's ETag");
        return n;
    }

    public override long Length => length >= 0 ? length : throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    protected override void Dispose(bool disposing)
    {
        // A body left before its end is not checked (the SDK only checks complete bodies), so closing never throws.
        if (disposing && !_finished) body.Dispose();
        if (disposing) _md5?.Dispose();
        base.Dispose(disposing);
    }
}
