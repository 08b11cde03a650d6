using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using Transporter.Identity.Signatures.Payload;
using Transporter.Identity.Signatures.SigV4;

namespace Transporter.Identity.Signatures;

public sealed partial class RequestAuthenticator
{
    private const string UnsignedPayload = "UNSIGNED-PAYLOAD";
    private const string StreamingSigned = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
    private const string StreamingSignedTrailer = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
    private const string StreamingUnsignedTrailer = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

    /// <summary>Bodies of non-S3 services signed without x-amz-content-sha256 are hashed before the signature can be
    /// checked; they are API documents, so they are held in memory up to this size.</summary>
    internal const int MaxBufferedBody = 8 * 1024 * 1024;

    /// <summary>The body to hand out for the x-amz-content-sha256 mode the request was signed with.</summary>
    private static AuthResult WithPayload(SignedRequest request, Caller caller, string contentSha, ChunkSigningContext? signing, string kind)
    {
        switch (contentSha)
        {
            case "" or UnsignedPayload:
                return new AuthResult(caller, PlainBody(request), request.ContentLength) { SignatureKind = kind };
            case StreamingSigned or StreamingSignedTrailer or StreamingUnsignedTrailer:
                return Chunked(request, caller, contentSha, signing, kind);
        }
        if (contentSha.StartsWith("STREAMING-", StringComparison.Ordinal))
            throw new RequestAuthenticationException(AuthFailureKind.NotImplemented, $"The payload mode x-amz-content-sha256: {contentSha} is not supported.");
        if (!IsSha256Hex(contentSha))
            throw new RequestAuthenticationException(AuthFailureKind.InvalidArgument, "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER or a valid sha256 value.");
        if (!request.HasBody)
        {
            if (!string.Equals(contentSha, SigV4Signature.EmptySha256, StringComparison.OrdinalIgnoreCase))
                throw new RequestAuthenticationException(AuthFailureKind.XAmzContentSHA256Mismatch);
            return new AuthResult(caller, request.Body, request.ContentLength) { SignatureKind = kind };
        }
        var body = new PayloadHashStream(new AnnouncedLengthStream(request.Body, request.ContentLength), contentSha);
        return new AuthResult(caller, body, request.ContentLength) { SignatureKind = kind };
    }

    private static AuthResult Chunked(SignedRequest request, Caller caller, string mode, ChunkSigningContext? signing, string kind)
    {
        var signed = mode != StreamingUnsignedTrailer;
        if (signed && signing is null)
            throw new RequestAuthenticationException(AuthFailureKind.InvalidRequest, $"{mode} needs a signature in the Authorization header to seed the chunk signatures.");
        var decodedText = request.Header("x-amz-decoded-content-length").ToString();
        if (decodedText.Length == 0)
            throw new RequestAuthenticationException(AuthFailureKind.MissingContentLength, "An aws-chunked body needs the x-amz-decoded-content-length header.");
        if (!long.TryParse(decodedText, NumberStyles.None, CultureInfo.InvariantCulture, out var decodedLength))
            throw new RequestAuthenticationException(AuthFailureKind.InvalidArgument, "x-amz-decoded-content-length must be a non-negative integer.");
        var announced = new List<string>();
        foreach (var value in request.Header("x-amz-trailer"))
            foreach (var name in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                announced.Add(name.ToLowerInvariant());
        var hasTrailers = mode != StreamingSigned;
        if (!hasTrailers && announced.Count > 0)
            throw new RequestAuthenticationException(AuthFailureKind.InvalidRequest, $"x-amz-trailer needs a *-TRAILER payload mode, not {mode}.");
        var stream = new AwsChunkedStream(new AnnouncedLengthStream(request.Body, request.ContentLength),
            signed ? signing : null, hasTrailers, announced, decodedLength);
        return new AuthResult(caller, stream, decodedLength) { SignatureKind = kind, Trailers = () => stream.Trailers };
    }

    /// <summary>The raw body, held to its Content-Length; a request without body is handed through as is (GET hot path).</summary>
    private static Stream PlainBody(SignedRequest request) =>
        request.HasBody ? new AnnouncedLengthStream(request.Body, request.ContentLength) : request.Body;

    private static bool IsSha256Hex(string value)
    {
        if (value.Length != 64) return false;
        foreach (var c in value)
            if (!char.IsAsciiHexDigit(c)) return false;
        return true;
    }

    private static async ValueTask<(Stream Body, string Sha256Hex)> BufferBodyAsync(SignedRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBufferedBody)
            throw new RequestAuthenticationException(AuthFailureKind.EntityTooLarge, $"Bodies over {MaxBufferedBody} bytes must be signed with an x-amz-content-sha256 header.");
        var source = new AnnouncedLengthStream(request.Body, request.ContentLength);
        var memory = new MemoryStream();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int n;
            while ((n = await source.ReadAsync(buffer.AsMemory(), ct).ConfigureAwait(false)) > 0)
            {
                if (memory.Length + n > MaxBufferedBody)
                    throw new RequestAuthenticationException(AuthFailureKind.EntityTooLarge, $"Bodies over {MaxBufferedBody} bytes must be signed with an x-amz-content-sha256 header.");
                memory.Write(buffer, 0, n);
                hash.AppendData(buffer, 0, n);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        memory.Position = 0;
        return (memory, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}
