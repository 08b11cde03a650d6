using Transporter.Core.IO;
using Transporter.Store.Protocol.Errors;

namespace Transporter.Store.Protocol.PostObject;

/// <summary>The file of a form upload, held to the policy's content-length-range as it streams: EntityTooLarge past
/// the maximum, EntityTooSmall at the end below the minimum (so nothing is committed either way).</summary>
internal sealed class LengthRangeStream(Stream inner, long? min, long? max) : ReadOnlyStream
{
    private long _read;

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) =>
        Count(await inner.ReadAsync(buffer, ct).ConfigureAwait(false));

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        Count(await inner.ReadAsync(buffer.AsMemory(offset, count), ct).ConfigureAwait(false));

    private int Count(int n)
    {
        _read += n;
        if (_read > max) throw new S3Exception("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size");
        if (n == 0 && _read < min) throw new S3Exception("EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size");
        return n;
    }
}
