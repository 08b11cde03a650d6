namespace Transporter.Identity.Signatures;

/// <summary>
/// A request refused by <see cref="IRequestAuthenticator"/>, or a body that failed verification while it was read
/// (thrown by the body stream the authenticator handed out). <see cref="Kind"/> says why; the message is for people.
/// </summary>
public sealed class RequestAuthenticationException(AuthFailureKind kind, string? message = null, Exception? inner = null)
    : Exception(message ?? DefaultMessage(kind), inner)
{
    public AuthFailureKind Kind { get; } = kind;

    /// <summary>True for a failure of the body itself (short, too large, altered), as opposed to the signature or key.</summary>
    public bool IsBodyFailure => Kind is AuthFailureKind.IncompleteBody or AuthFailureKind.MissingContentLength or AuthFailureKind.EntityTooLarge
        or AuthFailureKind.MalformedTrailerError;

    /// <summary>AWS's wording for each kind, used when the refusal has nothing more specific to say.</summary>
    public static string DefaultMessage(AuthFailureKind kind) => kind switch
    {
        AuthFailureKind.AccessDenied => "Access Denied",
        AuthFailureKind.AuthorizationHeaderMalformed => "The authorization header is malformed.",
        AuthFailureKind.AuthorizationQueryParametersError => "Error parsing the X-Amz-Credential parameter.",
        AuthFailureKind.InvalidAccessKeyId => "The AWS Access Key Id you provided does not exist in our records.",
        AuthFailureKind.SignatureDoesNotMatch =>
            "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
        AuthFailureKind.RequestTimeTooSkewed => "The difference between the request time and the server's time is too large.",
        AuthFailureKind.InvalidArgument => "Invalid Argument",
        AuthFailureKind.InvalidRequest => "Invalid Request",
        AuthFailureKind.NotImplemented => "A header you provided implies functionality that is not implemented.",
        AuthFailureKind.MissingContentLength => "You must provide the Content-Length HTTP header.",
        AuthFailureKind.EntityTooLarge => "Your proposed upload exceeds the maximum allowed object size.",
        AuthFailureKind.XAmzContentSHA256Mismatch => "The provided 'x-amz-content-sha256' header does not match what was computed.",
        AuthFailureKind.IncompleteBody => "You did not provide the number of bytes specified by the Content-Length HTTP header.",
        AuthFailureKind.MalformedTrailerError =>
            "The request contained trailing data that was not well-formed or did not conform to our published schema.",
        _ => kind.ToString(),
    };
}
