using Transporter.Core.IO;

namespace Transporter.Connectors;

/// <summary>
/// A download body that survives a connection dropped mid-transfer: on a transient read failure, or a body that
/// ends before its length, it reopens the object from the next byte (the provider pins the same version) and
/// carries on, so the caller sees one uninterrupted stream. Gives up after <c>maxReopens</c> attempts.
/// </summary>
public sealed class ResumingReadStream(
    Stream first, long length, Func<long, CancellationToken, Task<Stream>> reopenAt, Func<Exception, bool> isTransient, int maxReopens = 3)
    : ReadOnlyStream
{
    private Stream _current = first;
    private long _position;
    private int _reopens;

    /// <summary>Number of times the body was reopened (for diagnostics and tests).</summary>
    public int Reopens => _reopens;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        if (buffer.Length == 0 || (length >= 0 && _position >= length)) return 0;
        while (true)
        {
            int n;
            try
            {
                n = await _current.ReadAsync(buffer, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested && isTransient(e) && _reopens < maxReopens)
            {
                await ReopenAsync(ct);
                continue;
            }
            if (n == 0 && length >= 0 && _position < length)
            {
                if (_reopens >= maxReopens) throw new IOException($"the download ended at byte {_position} of {length}");
                await ReopenAsync(ct);
                continue;
            }
            _position += n;
            return n;
        }
    }

    private async Task ReopenAsync(CancellationToken ct)
    {
        _reopens++;
        await _current.DisposeAsync();
        _current = Stream.Null;
        _current = await reopenAt(_position, ct);
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override long Length => length >= 0 ? length : throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _current.Dispose();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _current.DisposeAsync();
        await base.DisposeAsync();
    }
}
