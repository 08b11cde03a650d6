namespace Transporter.Identity.Signatures;

/// <summary>
/// Verifies who signed a request (AWS SigV4 header or presigned query, SigV2 header or presigned query) for one
/// service: "s3" for the built-in store, "transporter" for the migration API. Used by both; each maps a refusal's
/// <see cref="AuthFailureKind"/> to its own error format.
/// </summary>
public interface IRequestAuthenticator
{
    /// <summary>
    /// Authenticates <paramref name="request"/> signed for <paramref name="service"/>.
    /// Returns the caller (null for an unsigned, anonymous request) and the body to read in its place: for
    /// aws-chunked uploads the decoded payload (every chunk signature verified as it streams, trailers exposed at
    /// the end); for a signed payload hash, a stream that throws <see cref="RequestAuthenticationException"/>
    /// (<see cref="AuthFailureKind.XAmzContentSHA256Mismatch"/>) when its end is reached and the hash differs. Nothing
    /// is buffered whole, except the small bodies of non-S3 services signed without x-amz-content-sha256 (their hash
    /// is part of the signature). A body shorter than announced throws <see cref="AuthFailureKind.IncompleteBody"/> when read.
    /// Throws <see cref="RequestAuthenticationException"/> with the reason (<see cref="AuthFailureKind.AccessDenied"/>,
    /// <see cref="AuthFailureKind.SignatureDoesNotMatch"/>, <see cref="AuthFailureKind.InvalidAccessKeyId"/>, ...) when
    /// the request is refused.
    /// </summary>
    ValueTask<AuthResult> AuthenticateAsync(SignedRequest request, string service, CancellationToken ct);
}
