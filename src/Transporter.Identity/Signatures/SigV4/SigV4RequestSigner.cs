using System.Globalization;
using System.Text;

namespace Transporter.Identity.Signatures.SigV4;

/// <summary>
/// Signs an outgoing request with SigV4 in the Authorization header: the client side of the arithmetic the store
/// verifies (<see cref="RequestAuthenticator"/>), so both ends share one canonical request and one HMAC. No HTTP types:
/// the caller hands in the method, the path and query as they go on the wire, and the headers to sign.
/// </summary>
public sealed class SigV4RequestSigner(string accessKeyId, string secretKey, string region, string service)
{
    /// <summary>The x-amz-content-sha256 of a request without a body.</summary>
    public const string EmptyPayloadHash = SigV4Signature.EmptySha256;

    private readonly SigningKeyCache _keys = new();

    /// <summary>The x-amz-date value for <paramref name="time"/> (also the time the signature is made for).</summary>
    public static string AmzDate(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A path as S3 signs it and as it should go on the wire: every UTF-8 byte but A-Z a-z 0-9 - _ . ~ and '/'
    /// as %XX.</summary>
    public static string EncodePath(string value) => AwsUriEncoding.Encode(value, keepSlash: true);

    /// <summary>
    /// The Authorization header value. <paramref name="headers"/> are the headers to sign, host, x-amz-date and
    /// x-amz-content-sha256 among them (names in any case, each once); <paramref name="rawPath"/> and
    /// <paramref name="rawQuery"/> (without '?') are percent-encoded as sent.
    /// </summary>
    public string Authorization(string method, string rawPath, string rawQuery, IReadOnlyList<KeyValuePair<string, string>> headers,
        string payloadHash, string amzDate)
    {
        var sorted = new KeyValuePair<string, string>[headers.Count];
        for (var i = 0; i < sorted.Length; i++)
            sorted[i] = new(headers[i].Key.ToLowerInvariant(), headers[i].Value);
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Key, b.Key));

        var canonicalHeaders = new StringBuilder(256);
        var signedHeaders = new StringBuilder(128);
        foreach (var (name, value) in sorted)
        {
            canonicalHeaders.Append(name).Append(':');
            CanonicalRequest.AppendTrimmed(canonicalHeaders, value);
            canonicalHeaders.Append('\n');
            if (signedHeaders.Length > 0) signedHeaders.Append(';');
            signedHeaders.Append(name);
        }
        var signed = signedHeaders.ToString();
        var canonical = CanonicalRequest.Build(method, CanonicalRequest.Uri(rawPath, isS3: service == "s3"),
            CanonicalRequest.Query(RawQuery.Parse(rawQuery), excludeSignature: false, reencode: true),
            canonicalHeaders.ToString(), signed, payloadHash);

        var date = amzDate[..8];
        var scope = new CredentialScope(accessKeyId, date, region, service).Scope;
        var key = _keys.Get(secretKey, date, region, service);
        var signature = Convert.ToHexStringLower(SigV4Signature.Sign(key, SigV4Signature.StringToSign(amzDate, scope, canonical)));
        return $"{AuthorizationHeader.Algorithm} Credential={accessKeyId}/{scope}, SignedHeaders={signed}, Signature={signature}";
    }
}
