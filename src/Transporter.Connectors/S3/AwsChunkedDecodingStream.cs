using System.Globalization;
using System.Text;
using Transporter.Core.IO;

namespace Transporter.Connectors.S3;

/// <summary>
/// Strips aws-chunked framing ("size-hex;chunk-signature=...\r\n" data "\r\n" ..., ending with a zero-size chunk)
/// from a body as it streams, yielding the object's bytes. Used where a request that the SDK framed for SigV4
/// streaming must go out as a plain body (SigV2 signing).
/// </summary>
internal sealed class AwsChunkedDecodingStream(Stream framed) : ReadOnlyStream
{
    private const int MaxHeaderLength = 4096;
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;
    private long _remainingInChunk;
    private bool _done;

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken ct = default)
    {
        if (_done || destination.IsEmpty) return 0;
        if (_remainingInChunk == 0)
        {
            _remainingInChunk = await ReadChunkSizeAsync(ct);
            if (_remainingInChunk == 0)
            {
                _done = true; // the zero-size chunk ends the data; a signature or trailers may follow, which we do not need
                return 0;
            }
        }
        var wanted = (int)Math.Min(destination.Length, _remainingInChunk);
        int read;
        if (_end > _start)
        {
            read = Math.Min(wanted, _end - _start);
            _buffer.AsSpan(_start, read).CopyTo(destination.Span);
            _start += read;
        }
        else
        {
            read = await framed.ReadAsync(destination[..wanted], ct);
            if (read == 0) throw new EndOfStreamException("aws-chunked body ended inside a chunk");
        }
        _remainingInChunk -= read;
        if (_remainingInChunk == 0) await ExpectLineEndAsync(ct);
        return read;
    }

    private async ValueTask<long> ReadChunkSizeAsync(CancellationToken ct)
    {
        var header = await ReadLineAsync(ct);
        var semicolon = header.IndexOf(';');
        var hex = semicolon < 0 ? header : header[..semicolon];
        if (!long.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
            throw new InvalidDataException($"invalid aws-chunked chunk header '{header}'");
        return size;
    }

    private async ValueTask ExpectLineEndAsync(CancellationToken ct)
    {
        var rest = await ReadLineAsync(ct);
        if (rest.Length != 0) throw new InvalidDataException("aws-chunked chunk is longer than its declared size");
    }

    private async ValueTask<string> ReadLineAsync(CancellationToken ct)
    {
        var line = new StringBuilder();
        while (true)
        {
            if (_start == _end && !await FillAsync(ct)) throw new EndOfStreamException("aws-chunked body ended inside a chunk header");
            var span = _buffer.AsSpan(_start, _end - _start);
            var newline = span.IndexOf((byte)'\n');
            var take = newline < 0 ? span.Length : newline;
            line.Append(Encoding.ASCII.GetString(span[..take]));
            _start += newline < 0 ? take : take + 1;
            if (line.Length > MaxHeaderLength) throw new InvalidDataException("aws-chunked chunk header is too long");
            if (newline >= 0) return line.ToString().TrimEnd('\r');
        }
    }

    private async ValueTask<bool> FillAsync(CancellationToken ct)
    {
        _start = 0;
        _end = await framed.ReadAsync(_buffer, ct);
        return _end > 0;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) framed.Dispose();
        base.Dispose(disposing);
    }
}
