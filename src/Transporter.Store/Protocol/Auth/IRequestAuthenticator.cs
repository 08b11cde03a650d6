using Microsoft.AspNetCore.Http;
using Transporter.Store.Protocol.Errors;

namespace Transporter.Store.Protocol.Auth;

/// <summary>
/// Verifies who signed an HTTP request (AWS SigV4 header or presigned query, SigV2 header or presigned query) for one
/// service: "s3" for the built-in store, "transporter" for the migration API. Used by both.
/// </summary>
public interface IRequestAuthenticator
{
    /// <summary>
    /// Authenticates <paramref name="request"/> signed for <paramref name="service"/>.
    /// Returns the caller (null for an unsigned, anonymous request) and the body to read in its place: for
    /// aws-chunked uploads the decoded payload (every chunk signature verified as it streams, trailers exposed at
    /// the end); for a signed payload hash, a stream that throws <see cref="S3Exception"/>
    /// (XAmzContentSHA256Mismatch) when its end is reached and the hash differs. Nothing is buffered whole, except
    /// the small bodies of non-S3 services signed without x-amz-content-sha256 (their hash is part of the signature).
    /// A body shorter than announced throws <see cref="S3Exception"/> IncompleteBody when read.
    /// Throws <see cref="S3Exception"/> with the S3 code (AccessDenied, SignatureDoesNotMatch, InvalidAccessKeyId,
    /// RequestTimeTooSkewed, AuthorizationHeaderMalformed, ...) when the request is refused.
    /// </summary>
    ValueTask<AuthResult> AuthenticateAsync(HttpRequest request, string service, CancellationToken ct);
}
