using System.Security.Cryptography;
using Transporter.Core.IO;
using Transporter.Core.Storage;

namespace Transporter.Worker.Copying;

/// <summary>
/// What the destination reads from: the source's bytes (already throttled), counted and, when <c>hash</c>, hashed with
/// MD5 as they pass. A failure of the source is recorded in <see cref="Failure"/> before it is thrown, so a failed
/// write can be told apart from a failed read whatever the destination's provider wraps it in. A source that ends
/// before <c>expectedLength</c> bytes is a (transient) read failure rather than a short object.
/// </summary>
internal sealed class SourceReadStream(Stream inner, long expectedLength, CancellationToken copyToken, bool hash = true) : ReadOnlyStream
{
    private readonly IncrementalHash? _md5 = hash ? IncrementalHash.CreateHash(HashAlgorithmName.MD5) : null;
    private long _read;
    private byte[]? _digest;

    /// <summary>Bytes handed to the destination so far.</summary>
    public long BytesRead => Volatile.Read(ref _read);

    /// <summary>Why reading the source failed; null while it has not.</summary>
    public ObjectStoreException? Failure { get; private set; }

    /// <summary>The MD5 of the bytes read: of all of them once the expected length was reached (kept even if the
    /// destination disposed the stream), of those so far before.</summary>
    public byte[] Digest() => _digest ?? (_md5 ?? throw new InvalidOperationException("this stream does not hash")).GetCurrentHash();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.Length == 0) return 0;
        if (Failure is not null) throw Failure;
        if (_read >= expectedLength) return 0;
        // Never more than the object, whatever the source would still give.
        if (buffer.Length > expectedLength - _read) buffer = buffer[..(int)(expectedLength - _read)];
        int n;
        try
        {
            n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested || copyToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            throw Failure = CopyErrors.ToStoreError(e);
        }
        return Account(buffer.Span[..n]);
    }

    public override int Read(Span<byte> buffer)
    {
        if (buffer.Length == 0) return 0;
        if (Failure is not null) throw Failure;
        if (_read >= expectedLength) return 0;
        if (buffer.Length > expectedLength - _read) buffer = buffer[..(int)(expectedLength - _read)];
        int n;
        try
        {
            n = inner.Read(buffer);
        }
        catch (Exception e) when (e is not OperationCanceledException || !copyToken.IsCancellationRequested)
        {
            throw Failure = CopyErrors.ToStoreError(e);
        }
        return Account(buffer[..n]);
    }

    private int Account(ReadOnlySpan<byte> chunk)
    {
        if (chunk.Length == 0)
        {
            if (_read < expectedLength)
                throw Failure = new ObjectStoreException(ObjectStoreErrorKind.Transient, "IncompleteRead",
                    $"the source ended after {_read} of {expectedLength} bytes");
            return 0;
        }
        _md5?.AppendData(chunk);
        if (Interlocked.Add(ref _read, chunk.Length) == expectedLength && _md5 is not null) _digest = _md5.GetCurrentHash();
        return chunk.Length;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>The bytes the source will deliver.</summary>
    public override long Length => expectedLength;

    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    protected override void Dispose(bool disposing)
    {
        // The download owns the source stream; only the hash is ours.
        if (disposing) _md5?.Dispose();
        base.Dispose(disposing);
    }
}
