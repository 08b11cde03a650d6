using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Transporter.Identity.Signatures.SigV4;

namespace Transporter.Identity.Signatures.Payload;

/// <summary>
/// Decodes an aws-chunked body as it streams: "hex-size[;chunk-signature=sig]\r\n data \r\n" ... "0...\r\n",
/// then optional trailer lines and a blank line. With a <see cref="ChunkSigningContext"/> every chunk signature is
/// checked in the chain seeded by the request signature, before the read that completes the chunk returns (so a
/// consumer never sees the end of a forged chunk), and a signed trailer is checked too. Nothing is buffered beyond
/// one read buffer.
/// </summary>
internal sealed class AwsChunkedStream : AsyncReadOnlyStream
{
    private const int BufferSize = 64 * 1024;
    private const int MaxLineLength = 4096;

    private readonly Stream _inner;
    private readonly ChunkSigningContext? _signing;
    private readonly bool _hasTrailers;
    private readonly HashSet<string> _announcedTrailers;
    private readonly long _decodedLength;
    private readonly Dictionary<string, string> _trailers = new(StringComparer.Ordinal);
    private readonly IncrementalHash? _chunkHash;
    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private int _start;
    private int _end;
    private State _state = State.ChunkHeader;
    private long _remaining;
    private long _decoded;
    private string _previousSignature;
    private string _chunkSignature = "";

    /// <param name="signing">Null for unsigned chunks (STREAMING-UNSIGNED-PAYLOAD-TRAILER).</param>
    /// <param name="hasTrailers">True for the *-TRAILER payload modes.</param>
    /// <param name="announcedTrailers">The x-amz-trailer header's names (lower case).</param>
    public AwsChunkedStream(Stream inner, ChunkSigningContext? signing, bool hasTrailers, IEnumerable<string> announcedTrailers, long decodedLength)
    {
        _inner = inner;
        _signing = signing;
        _hasTrailers = hasTrailers;
        _announcedTrailers = new HashSet<string>(announcedTrailers, StringComparer.Ordinal);
        _decodedLength = decodedLength;
        _previousSignature = signing?.SeedSignature ?? "";
        if (signing is not null) _chunkHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    }

    private enum State { ChunkHeader, ChunkData, ChunkEnd, Done }

    /// <summary>The trailing headers, complete once the stream was read to its end.</summary>
    public IReadOnlyDictionary<string, string> Trailers => _trailers;

    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        if (destination.Length == 0) return 0;
        while (true)
        {
            switch (_state)
            {
                case State.Done:
                    return 0;
                case State.ChunkHeader:
                    var header = await ReadLineAsync(allowEnd: false, cancellationToken).ConfigureAwait(false);
                    var size = ParseChunkHeader(header!);
                    if (size == 0)
                    {
                        await FinishAsync(cancellationToken).ConfigureAwait(false);
                        _state = State.Done;
                        return 0;
                    }
                    _remaining = size;
                    _state = State.ChunkData;
                    continue;
                case State.ChunkData:
                    var want = (int)Math.Min(destination.Length, _remaining);
                    int n;
                    if (_end > _start)
                    {
                        n = Math.Min(want, _end - _start);
                        _buffer!.AsSpan(_start, n).CopyTo(destination.Span);
                        _start += n;
                    }
                    else
                    {
                        n = await _inner.ReadAsync(destination[..want], cancellationToken).ConfigureAwait(false);
                        if (n == 0) throw Truncated();
                    }
                    _chunkHash?.AppendData(destination.Span[..n]);
                    _remaining -= n;
                    _decoded += n;
                    if (_decoded > _decodedLength)
                        throw new RequestAuthenticationException(AuthFailureKind.IncompleteBody, $"The aws-chunked body holds more than the {_decodedLength} bytes announced by x-amz-decoded-content-length.");
                    if (_remaining == 0)
                    {
                        VerifyChunkSignature();
                        _state = State.ChunkEnd;
                    }
                    return n;
                case State.ChunkEnd:
                    var end = await ReadLineAsync(allowEnd: false, cancellationToken).ConfigureAwait(false);
                    if (end!.Length != 0) throw Malformed("chunk data is not followed by CRLF");
                    _state = State.ChunkHeader;
                    continue;
            }
        }
    }

    private long ParseChunkHeader(string line)
    {
        var semicolon = line.IndexOf(';');
        var sizeText = (semicolon < 0 ? line : line[..semicolon]).Trim();
        if (sizeText.Length is 0 or > 15 || !long.TryParse(sizeText, System.Globalization.NumberStyles.AllowHexSpecifier, null, out var size))
            throw Malformed($"bad chunk size \"{Shorten(sizeText)}\"");
        if (_signing is not null)
        {
            const string Extension = "chunk-signature=";
            var at = semicolon < 0 ? -1 : line.IndexOf(Extension, semicolon, StringComparison.Ordinal);
            if (at < 0) throw Malformed("a chunk has no chunk-signature");
            _chunkSignature = line[(at + Extension.Length)..].Trim();
            var nextExtension = _chunkSignature.IndexOf(';');
            if (nextExtension >= 0) _chunkSignature = _chunkSignature[..nextExtension];
        }
        return size;
    }

    private void VerifyChunkSignature()
    {
        if (_signing is null || _chunkHash is null) return;
        Span<byte> dataHash = stackalloc byte[32];
        _chunkHash.GetHashAndReset(dataHash);
        var stringToSign = $"AWS4-HMAC-SHA256-PAYLOAD\n{_signing.AmzDate}\n{_signing.Scope}\n{_previousSignature}\n{SigV4Signature.EmptySha256}\n{Convert.ToHexStringLower(dataHash)}";
        var computed = SigV4Signature.Sign(_signing.SigningKey, stringToSign);
        if (!SigV4Signature.Matches(computed, _chunkSignature))
            throw new RequestAuthenticationException(AuthFailureKind.SignatureDoesNotMatch, "The chunk signature we calculated does not match the chunk-signature you provided.");
        _previousSignature = Convert.ToHexStringLower(computed);
    }

    /// <summary>After the zero-length chunk: its signature, the trailers and their signature, then the end of the body.</summary>
    private async ValueTask FinishAsync(CancellationToken ct)
    {
        VerifyChunkSignature();
        string? trailerSignature = null;
        var canonicalTrailers = new StringBuilder();
        while (true)
        {
            var line = await ReadLineAsync(allowEnd: true, ct).ConfigureAwait(false);
            if (string.IsNullOrEmpty(line)) break;
            if (!_hasTrailers) throw Malformed("data follows the final chunk");
            var colon = line.IndexOf(':');
            if (colon <= 0) throw new RequestAuthenticationException(AuthFailureKind.MalformedTrailerError, $"The trailer line \"{Shorten(line)}\" is not name:value.");
            var name = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            if (name == "x-amz-trailer-signature")
            {
                trailerSignature = value;
                continue;
            }
            if (!_announcedTrailers.Contains(name))
                throw new RequestAuthenticationException(AuthFailureKind.MalformedTrailerError, $"The trailer {name} was not announced in x-amz-trailer.");
            _trailers[name] = value;
            canonicalTrailers.Append(name).Append(':').Append(value).Append('\n');
        }
        foreach (var announced in _announcedTrailers)
            if (!_trailers.ContainsKey(announced))
                throw new RequestAuthenticationException(AuthFailureKind.MalformedTrailerError, $"The trailer {announced} announced in x-amz-trailer was not sent.");
        if (_signing is not null && _hasTrailers)
        {
            if (trailerSignature is null) throw Malformed("the trailer has no x-amz-trailer-signature");
            var stringToSign = $"AWS4-HMAC-SHA256-TRAILER\n{_signing.AmzDate}\n{_signing.Scope}\n{_previousSignature}\n{SigV4Signature.Sha256Hex(canonicalTrailers.ToString())}";
            if (!SigV4Signature.Matches(SigV4Signature.Sign(_signing.SigningKey, stringToSign), trailerSignature))
                throw new RequestAuthenticationException(AuthFailureKind.SignatureDoesNotMatch, "The trailer signature we calculated does not match the x-amz-trailer-signature you provided.");
        }
        await EnsureEndAsync(ct).ConfigureAwait(false);
        if (_decoded != _decodedLength)
            throw new RequestAuthenticationException(AuthFailureKind.IncompleteBody, $"The aws-chunked body decoded to {_decoded} bytes, not the {_decodedLength} announced by x-amz-decoded-content-length.");
    }

    private async ValueTask EnsureEndAsync(CancellationToken ct)
    {
        while (true)
        {
            for (var i = _start; i < _end; i++)
                if (_buffer![i] is not ((byte)'\r' or (byte)'\n')) throw Malformed("data follows the end of the aws-chunked body");
            _start = _end = 0;
            if (await _inner.ReadAsync(_buffer.AsMemory(0, _buffer!.Length), ct).ConfigureAwait(false) is var n && n == 0) return;
            _end = n;
        }
    }

    /// <summary>The next line without its CRLF (a bare LF is tolerated, as some clients end trailer lines so);
    /// null at the end of the body when <paramref name="allowEnd"/>.</summary>
    private async ValueTask<string?> ReadLineAsync(bool allowEnd, CancellationToken ct)
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer!, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var length = newline - _start;
                if (length > 0 && _buffer![newline - 1] == '\r') length--;
                var line = Encoding.ASCII.GetString(_buffer!, _start, length);
                _start = newline + 1;
                return line;
            }
            if (_end - _start >= MaxLineLength) throw Malformed("a chunk header line is too long");
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer!, _start, _buffer!, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            var n = await _inner.ReadAsync(_buffer.AsMemory(_end, _buffer!.Length - _end), ct).ConfigureAwait(false);
            if (n == 0)
            {
                if (allowEnd && _end == _start) return null;
                throw Truncated();
            }
            _end += n;
        }
    }

    private RequestAuthenticationException Truncated() => new(AuthFailureKind.IncompleteBody, $"The aws-chunked body ended after {_decoded} of the {_decodedLength} decoded bytes announced.");

    private static RequestAuthenticationException Malformed(string what) => new(AuthFailureKind.InvalidRequest, "Malformed aws-chunked body: " + what + ".");

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _chunkHash?.Dispose();
            if (_buffer is not null) ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
        base.Dispose(disposing);
    }
}
