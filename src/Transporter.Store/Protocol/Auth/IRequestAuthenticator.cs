using Microsoft.AspNetCore.Http;
using Transporter.Store.Protocol.Errors;

namespace Transporter.Store.Protocol.Auth;

/// <summary>
/// Verifies who signed an HTTP request (AWS SigV4 header or presigned query, SigV2 header) for one service:
/// "s3" for the built-in store, "transporter" for the migration API. Used by both.
/// </summary>
public interface IRequestAuthenticator
{
    /// <summary>
    /// Authenticates <paramref name="request"/> signed for <paramref name="service"/>.
    /// Returns the caller (null for an unsigned, anonymous request) and the body to read in its place: for
    /// aws-chunked uploads the decoded payload (every chunk signature verified as it streams, trailers exposed at
    /// the end); for a signed payload hash, a stream that throws <see cref="S3Exception"/>
    /// (XAmzContentSHA256Mismatch) when its end is reached and the hash differs. Nothing is buffered whole.
    /// Throws <see cref="S3Exception"/> with the S3 code (AccessDenied, SignatureDoesNotMatch, InvalidAccessKeyId,
    /// RequestTimeTooSkewed, AuthorizationHeaderMalformed, ...) when the request is refused.
    /// </summary>
    ValueTask<AuthResult> AuthenticateAsync(HttpRequest request, string service, CancellationToken ct);
}

/// <param name="Caller">Null for an anonymous request.</param>
/// <param name="Body">The request payload to read (decoded when aws-chunked).</param>
/// <param name="ContentLength">Length of <paramref name="Body"/> when known (x-amz-decoded-content-length for aws-chunked).</param>
public sealed record AuthResult(Identity.Caller? Caller, Stream Body, long? ContentLength)
{
    /// <summary>Trailing headers of an aws-chunked body (x-amz-checksum-*), complete only after <see cref="Body"/> was read to its end.</summary>
    public Func<IReadOnlyDictionary<string, string>> Trailers { get; init; } = static () => new Dictionary<string, string>();
}
