namespace Transporter.Identity.Signatures;

/// <summary>
/// Why a signed request was refused, or why its body failed verification while it was read. Each kind is named
/// after the AWS error code S3 (and STS, IAM) answer for it, so the store can answer that code unchanged; other
/// surfaces (the Transporter API) pick their own status and error shape per kind.
/// </summary>
public enum AuthFailureKind
{
    /// <summary>Not allowed as signed: no date, an expired or not yet valid presigned URL, SigV2 for a SigV4-only service.</summary>
    AccessDenied,

    /// <summary>The Authorization header of a SigV4 request cannot be parsed, or names another service or day.</summary>
    AuthorizationHeaderMalformed,

    /// <summary>The X-Amz-* (or SigV2) query parameters of a presigned URL are missing or malformed.</summary>
    AuthorizationQueryParametersError,

    /// <summary>The access key does not exist.</summary>
    InvalidAccessKeyId,

    /// <summary>The signature (request, chunk or trailer) differs from the one computed with the key's secret.</summary>
    SignatureDoesNotMatch,

    /// <summary>The request's time is more than <see cref="RequestAuthenticator.MaxClockSkew"/> away from the server's.</summary>
    RequestTimeTooSkewed,

    /// <summary>An authentication header or value that is not valid (unsupported Authorization type, bad content hash).</summary>
    InvalidArgument,

    /// <summary>A request that contradicts itself (a streaming mode without the signature it needs, a malformed chunk).</summary>
    InvalidRequest,

    /// <summary>A signing scheme or payload mode this server does not implement (SigV4A).</summary>
    NotImplemented,

    /// <summary>An aws-chunked body without its decoded length.</summary>
    MissingContentLength,

    /// <summary>A body that had to be buffered to check its hash is larger than <see cref="RequestAuthenticator.MaxBufferedBody"/>.</summary>
    EntityTooLarge,

    /// <summary>The body's SHA-256 differs from the signed x-amz-content-sha256 (found when the body was read to its end).</summary>
    XAmzContentSHA256Mismatch,

    /// <summary>The body ended before the length it announced, or the connection broke mid-body.</summary>
    IncompleteBody,

    /// <summary>The trailer of an aws-chunked body is malformed, unannounced or missing.</summary>
    MalformedTrailerError,
}
