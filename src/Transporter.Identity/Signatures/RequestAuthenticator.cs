using System.Globalization;
using Microsoft.Extensions.Logging;
using Transporter.Identity.Accounts;
using Transporter.Identity.Signatures.SigV4;

namespace Transporter.Identity.Signatures;

/// <summary>
/// The one <see cref="IRequestAuthenticator"/>: AWS SigV4 (Authorization header and presigned query) and the legacy
/// SigV2 (header and presigned query, S3 only), against the access keys of the identity store.
/// Split by scheme: SigV4 in RequestAuthenticator.SigV4.cs, SigV2 in .SigV2.cs, body handling in .Payload.cs.
/// </summary>
public sealed partial class RequestAuthenticator(IAccessKeyLookup keys, TimeProvider clock, ILogger<RequestAuthenticator> logger)
    : IRequestAuthenticator
{
    /// <summary>The largest clock difference accepted for header-signed requests (presigned ones use their expiry).</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(15);

    /// <summary>The longest validity of a presigned URL (seven days), as in AWS.</summary>
    public const int MaxPresignedExpirySeconds = 604800;

    private readonly SigningKeyCache _signingKeys = new();

    public async ValueTask<AuthResult> AuthenticateAsync(SignedRequest request, string service, CancellationToken ct)
    {
        try
        {
            var authorization = request.Header("Authorization");
            if (authorization.Count > 0 && !string.IsNullOrEmpty(authorization[0]))
            {
                var header = authorization[0]!;
                if (header.StartsWith(AuthorizationHeader.Algorithm + " ", StringComparison.Ordinal))
                    return await AuthenticateSigV4HeaderAsync(request, header, service, ct).ConfigureAwait(false);
                if (header.StartsWith("AWS ", StringComparison.Ordinal))
                    return await AuthenticateSigV2HeaderAsync(request, header, service, ct).ConfigureAwait(false);
                if (header.StartsWith("AWS4-ECDSA-P256-SHA256", StringComparison.Ordinal))
                    throw new RequestAuthenticationException(AuthFailureKind.NotImplemented, "Signature Version 4A (AWS4-ECDSA-P256-SHA256) is not supported; sign with AWS4-HMAC-SHA256.");
                throw new RequestAuthenticationException(AuthFailureKind.InvalidArgument, "Unsupported Authorization Type");
            }

            if (request.Query.Length > 0)
            {
                var query = RawQuery.Parse(request.Query);
                if (query.Contains("X-Amz-Signature") || query.Contains("X-Amz-Algorithm") || query.Contains("X-Amz-Credential"))
                    return await AuthenticateSigV4QueryAsync(request, query, service, ct).ConfigureAwait(false);
                if (query.Contains("AWSAccessKeyId") && query.Contains("Signature"))
                    return await AuthenticateSigV2QueryAsync(request, query, service, ct).ConfigureAwait(false);
            }
            return Anonymous(request);
        }
        catch (RequestAuthenticationException e) when (e.Kind is not AuthFailureKind.IncompleteBody)
        {
            logger.LogDebug("Refused a {Method} request for {Service}: {Kind} {Message}", request.Method, service, e.Kind, e.Message);
            throw;
        }
    }

    private static AuthResult Anonymous(SignedRequest request) => new(null, PlainBody(request), request.ContentLength);

    private async ValueTask<SigningCredential> FindCredentialAsync(string accessKeyId, CancellationToken ct) =>
        await keys.FindAsync(accessKeyId, ct).ConfigureAwait(false)
        ?? throw new RequestAuthenticationException(AuthFailureKind.InvalidAccessKeyId);

    private void CheckSkew(DateTimeOffset requestTime)
    {
        var now = clock.GetUtcNow();
        if ((requestTime - now).Duration() > MaxClockSkew)
            throw new RequestAuthenticationException(AuthFailureKind.RequestTimeTooSkewed,
                $"The difference between the request time ({requestTime:yyyyMMdd'T'HHmmss'Z'}) and the server's time ({now:yyyyMMdd'T'HHmmss'Z'}) is too large.");
    }

    /// <summary>Parses an ISO 8601 basic timestamp (20130524T000000Z).</summary>
    internal static bool TryParseAmzDate(string? text, out DateTimeOffset value) =>
        DateTimeOffset.TryParseExact(text, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);

    /// <summary>Parses an HTTP date (RFC 1123, also the RFC 850 and asctime forms old clients send).</summary>
    internal static bool TryParseHttpDate(string? text, out DateTimeOffset value)
    {
        string[] formats = ["r", "ddd, d MMM yyyy HH:mm:ss 'GMT'", "ddd, d MMM yyyy HH:mm:ss zzz", "ddd, d MMM yyyy HH:mm:ss zz00",
            "dddd, dd-MMM-yy HH:mm:ss 'GMT'", "ddd MMM d HH:mm:ss yyyy"];
        return DateTimeOffset.TryParseExact(text?.Trim(), formats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal | DateTimeStyles.AllowWhiteSpaces, out value);
    }
}
