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
/// </summary>
internal sealed class S3ResponseBodyStream(Stream body, long length, string key) : ReadOnlyStream
{
    private long _read;
    private bool _finished;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_finished) return 0;
        var n = body.Read(buffer);
        return Account(n);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        if (_finished) return 0;
        var n = await body.ReadAsync(buffer, ct);
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
        return n;
    }

    public override long Length => length >= 0 ? length : throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    protected override void Dispose(bool disposing)
    {
        // A body left before its end is not checked (the SDK only checks complete bodies), so closing never throws.
        if (disposing && !_finished) body.Dispose();
        base.Dispose(disposing);
    }
}
