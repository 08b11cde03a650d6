using System.Globalization;
using Transporter.Identity.Signatures.SigV4;

namespace Transporter.Identity.Signatures;

public sealed partial class RequestAuthenticator
{
    private const AuthFailureKind QueryParametersError = AuthFailureKind.AuthorizationQueryParametersError;

    private async ValueTask<AuthResult> AuthenticateSigV4HeaderAsync(SignedRequest request, string value, string service, CancellationToken ct)
    {
        var header = AuthorizationHeader.Parse(value);
        string amzDate;
        DateTimeOffset time;
        var xAmzDate = request.Header("x-amz-date");
        if (xAmzDate.Count > 0 && !string.IsNullOrEmpty(xAmzDate[0]))
        {
            amzDate = xAmzDate[0]!;
            if (!TryParseAmzDate(amzDate, out time))
                throw new RequestAuthenticationException(AuthFailureKind.AccessDenied, "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\".");
        }
        else if (TryParseHttpDate(request.Header("Date").ToString(), out time))
        {
            // botocore signs with the Date header when the request has one, using the same instant in ISO form.
            amzDate = time.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        }
        else
        {
            throw new RequestAuthenticationException(AuthFailureKind.AccessDenied, "AWS authentication requires a valid Date or x-amz-date header.");
        }
        header.Credential.Validate(service, amzDate, AuthFailureKind.AuthorizationHeaderMalformed);
        CheckSkew(time);
        var credential = await FindCredentialAsync(header.Credential.AccessKeyId, ct).ConfigureAwait(false);

        var isS3 = service == "s3";
        var contentSha = request.Header("x-amz-content-sha256").ToString();
        Stream? buffered = null;
        string payloadHash;
        if (contentSha.Length > 0) payloadHash = contentSha;
        else if (!request.HasBody) payloadHash = SigV4Signature.EmptySha256;
        else if (isS3) throw new RequestAuthenticationException(AuthFailureKind.InvalidRequest, "Missing required header for this request: x-amz-content-sha256");
        else (buffered, payloadHash) = await BufferBodyAsync(request, ct).ConfigureAwait(false);

        var scope = header.Credential;
        var key = _signingKeys.Get(credential.SecretKey, scope.Date, scope.Region, scope.Service);
        VerifySigV4(request, RawQuery.Parse(request.Query), excludeSignature: false, header.SignedHeaders,
            payloadHash, amzDate, scope, key, header.Signature, isS3);

        if (buffered is not null)
            return new AuthResult(credential.Caller, buffered, buffered.Length) { SignatureKind = AuthorizationHeader.Algorithm };
        return WithPayload(request, credential.Caller, contentSha, new ChunkSigningContext(key, amzDate, scope.Scope, header.Signature.ToLowerInvariant()),
            AuthorizationHeader.Algorithm);
    }

    private async ValueTask<AuthResult> AuthenticateSigV4QueryAsync(SignedRequest request, RawQuery query, string service, CancellationToken ct)
    {
        var algorithm = query.Get("X-Amz-Algorithm");
        var credentialText = query.Get("X-Amz-Credential");
        var amzDate = query.Get("X-Amz-Date");
        var expiresText = query.Get("X-Amz-Expires");
        var signedHeaders = query.Get("X-Amz-SignedHeaders");
        var signature = query.Get("X-Amz-Signature");
        if (string.IsNullOrEmpty(algorithm) || string.IsNullOrEmpty(credentialText) || string.IsNullOrEmpty(amzDate)
            || string.IsNullOrEmpty(expiresText) || string.IsNullOrEmpty(signedHeaders) || string.IsNullOrEmpty(signature))
            throw new RequestAuthenticationException(QueryParametersError, "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.");
        if (algorithm != AuthorizationHeader.Algorithm)
            throw new RequestAuthenticationException(QueryParametersError, "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\".");
        if (!TryParseAmzDate(amzDate, out var time))
            throw new RequestAuthenticationException(QueryParametersError, "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\".");
        if (!int.TryParse(expiresText, NumberStyles.None, CultureInfo.InvariantCulture, out var expires) || expires < 1)
            throw new RequestAuthenticationException(QueryParametersError, "X-Amz-Expires should be a number of seconds from 1 to 604800.");
        if (expires > MaxPresignedExpirySeconds)
            throw new RequestAuthenticationException(QueryParametersError, "X-Amz-Expires must be less than a week (in seconds) that is 604800.");
        var scope = CredentialScope.Parse(credentialText, QueryParametersError);
        scope.Validate(service, amzDate, QueryParametersError);

        var now = clock.GetUtcNow();
        if (time - now > MaxClockSkew) throw new RequestAuthenticationException(AuthFailureKind.AccessDenied, "Request is not valid yet");
        if (now > time.AddSeconds(expires)) throw new RequestAuthenticationException(AuthFailureKind.AccessDenied, "Request has expired");
        var credential = await FindCredentialAsync(scope.AccessKeyId, ct).ConfigureAwait(false);

        var isS3 = service == "s3";
        var contentSha = request.Header("x-amz-content-sha256").ToString();
        Stream? buffered = null;
        string payloadHash;
        if (contentSha.Length > 0) payloadHash = contentSha;
        else if (isS3) payloadHash = query.Get("X-Amz-Content-Sha256") ?? UnsignedPayload;
        else if (!request.HasBody) payloadHash = SigV4Signature.EmptySha256;
        else (buffered, payloadHash) = await BufferBodyAsync(request, ct).ConfigureAwait(false);

        var key = _signingKeys.Get(credential.SecretKey, scope.Date, scope.Region, scope.Service);
        VerifySigV4(request, query, excludeSignature: true, signedHeaders, payloadHash, amzDate, scope, key, signature, isS3);

        const string Kind = AuthorizationHeader.Algorithm + "-QUERY";
        if (buffered is not null) return new AuthResult(credential.Caller, buffered, buffered.Length) { SignatureKind = Kind };
        // A presigned URL has no seed signature for chunk chaining, so only plain and unsigned bodies go with it.
        return WithPayload(request, credential.Caller, contentSha, null, Kind);
    }

    /// <summary>Recomputes the signature from the canonical request; S3 requests whose path or query was not encoded
    /// the AWS way get a second try with them as sent, since some clients sign exactly what they put on the wire.</summary>
    private static void VerifySigV4(SignedRequest request, RawQuery query, bool excludeSignature, string signedHeaders,
        string payloadHash, string amzDate, CredentialScope scope, byte[] key, string signature, bool isS3)
    {
        var headers = CanonicalRequest.Headers(request, signedHeaders.Split(';'));
        var uri = CanonicalRequest.Uri(request.Path, isS3);
        var canonicalQuery = CanonicalRequest.Query(query, excludeSignature, reencode: true);
        if (Matches(uri, canonicalQuery)) return;
        if (isS3)
        {
            var rawUri = request.Path.Length == 0 ? "/" : request.Path;
            var rawQuery = CanonicalRequest.Query(query, excludeSignature, reencode: false);
            if ((rawUri != uri || rawQuery != canonicalQuery) && Matches(rawUri, rawQuery)) return;
        }
        throw new RequestAuthenticationException(AuthFailureKind.SignatureDoesNotMatch);

        bool Matches(string canonicalUri, string canonicalQueryString)
        {
            var canonical = CanonicalRequest.Build(request.Method, canonicalUri, canonicalQueryString, headers, signedHeaders, payloadHash);
            var stringToSign = SigV4Signature.StringToSign(amzDate, scope.Scope, canonical);
            return SigV4Signature.Matches(SigV4Signature.Sign(key, stringToSign), signature);
        }
    }
}
