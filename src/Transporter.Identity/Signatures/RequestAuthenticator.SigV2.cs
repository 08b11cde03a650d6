using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Transporter.Identity.Signatures.SigV4;

namespace Transporter.Identity.Signatures;

public sealed partial class RequestAuthenticator
{
    /// <summary>The query parameters that name an S3 sub-resource and so belong to the SigV2 canonical resource.</summary>
    private static readonly HashSet<string> SubResources = new(StringComparer.Ordinal)
    {
        "accelerate", "acl", "analytics", "attributes", "cors", "defaultObjectAcl", "delete", "encryption", "intelligent-tiering",
        "inventory", "legal-hold", "lifecycle", "location", "logging", "metrics", "notification", "object-lock",
        "ownershipControls", "partNumber", "policy", "publicAccessBlock", "replication", "requestPayment", "restore",
        "retention", "select", "select-type", "storageClass", "tagging", "torrent", "uploadId", "uploads", "versionId",
        "versioning", "versions", "website", "response-cache-control", "response-content-disposition",
        "response-content-encoding", "response-content-language", "response-content-type", "response-expires",
    };

    private async ValueTask<AuthResult> AuthenticateSigV2HeaderAsync(SignedRequest request, string header, string service, CancellationToken ct)
    {
        RequireS3ForSigV2(service);
        var colon = header.LastIndexOf(':');
        if (colon <= 4)
            throw new RequestAuthenticationException(AuthFailureKind.InvalidArgument, "AWS authorization header is invalid.  Expected AwsAccessKeyId:signature");
        var accessKeyId = header[4..colon].Trim();
        var signature = header[(colon + 1)..].Trim();

        var amzDate = request.Header("x-amz-date").ToString();
        var date = request.Header("Date").ToString();
        if (!TryParseHttpDate(amzDate.Length > 0 ? amzDate : date, out var time))
            throw new RequestAuthenticationException(AuthFailureKind.AccessDenied, "AWS authentication requires a valid Date or x-amz-date header.");
        CheckSkew(time);
        var credential = await FindCredentialAsync(accessKeyId, ct).ConfigureAwait(false);

        // With x-amz-date the Date line is empty (AWS, s3cmd); botocore still signs its Date header, so try that too.
        VerifySigV2(request, RawQuery.Parse(request.Query), amzDate.Length > 0 ? "" : date,
            amzDate.Length > 0 && date.Length > 0 ? date : null, presigned: false, credential.SecretKey, signature);
        return new AuthResult(credential.Caller, PlainBody(request), request.ContentLength) { SignatureKind = "AWS" };
    }

    private async ValueTask<AuthResult> AuthenticateSigV2QueryAsync(SignedRequest request, RawQuery query, string service, CancellationToken ct)
    {
        RequireS3ForSigV2(service);
        var accessKeyId = query.Get("AWSAccessKeyId") ?? "";
        var signature = query.Get("Signature") ?? "";
        var expiresText = query.Get("Expires");
        if (!long.TryParse(expiresText, NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
            throw new RequestAuthenticationException(QueryParametersError, "Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters; Expires is seconds since the Unix epoch.");
        if (clock.GetUtcNow().ToUnixTimeSeconds() > expires) throw new RequestAuthenticationException(AuthFailureKind.AccessDenied, "Request has expired");
        var credential = await FindCredentialAsync(accessKeyId, ct).ConfigureAwait(false);
        VerifySigV2(request, query, expiresText!, null, presigned: true, credential.SecretKey, signature);
        return new AuthResult(credential.Caller, PlainBody(request), request.ContentLength) { SignatureKind = "AWS-QUERY" };
    }

    /// <summary>The spec accepts SigV2 for the S3 store and the Transporter API; other services need SigV4.</summary>
    private static void RequireS3ForSigV2(string service)
    {
        if (service is not ("s3" or "transporter"))
            throw new RequestAuthenticationException(AuthFailureKind.AccessDenied, "Signature Version 2 is accepted only by the S3 store and the Transporter API; sign with AWS4-HMAC-SHA256.");
    }

    private static void VerifySigV2(SignedRequest request, RawQuery query, string dateLine, string? alternateDateLine,
        bool presigned, string secret, string signature)
    {
        Span<byte> provided = stackalloc byte[20];
        if (!Convert.TryFromBase64String(signature, provided, out var written) || written != 20)
            throw new RequestAuthenticationException(AuthFailureKind.SignatureDoesNotMatch);
        var contentMd5 = HeaderOrQuery(request, query, "Content-MD5", "content-md5", presigned);
        var contentType = HeaderOrQuery(request, query, "Content-Type", "content-type", presigned);
        var amzHeaders = CanonicalAmzHeaders(request, presigned ? query : null);
        var subResources = CanonicalSubResources(query);
        var key = Encoding.UTF8.GetBytes(secret);
        Span<byte> computed = stackalloc byte[20];

        foreach (var candidate in ResourceCandidates(request, request.Path.Length == 0 ? "/" : request.Path))
        foreach (var resource in ListTypeVariants(candidate, query))
        {
            foreach (var date in alternateDateLine is null ? [dateLine] : new[] { dateLine, alternateDateLine })
            {
                var stringToSign = $"{request.Method}\n{contentMd5}\n{contentType}\n{date}\n{amzHeaders}{resource}{subResources}";
                HMACSHA1.HashData(key, Encoding.UTF8.GetBytes(stringToSign), computed);
                if (CryptographicOperations.FixedTimeEquals(computed, provided)) return;
            }
        }
        throw new RequestAuthenticationException(AuthFailureKind.SignatureDoesNotMatch);
    }

    /// <summary>The path-style resource first (a bare bucket also with a trailing slash); for virtual-hosted requests the bucket comes from the Host, as its first
    /// label or (CNAME style) the whole host name.</summary>
    private static IEnumerable<string> ResourceCandidates(SignedRequest request, string path)
    {
        yield return path;
        // botocore signs a path-style bucket request ("/bucket") with its auth path "/bucket/".
        if (path.Length > 1 && path.IndexOf('/', 1) < 0) yield return path + "/";
        var host = request.HostName;
        if (string.IsNullOrEmpty(host) || IPAddress.TryParse(host, out _) || !host.Contains('.')) yield break;
        yield return "/" + host[..host.IndexOf('.')] + path;
        yield return "/" + host + path;
    }

    /// <summary>The resource, and for a ListObjectsV2 request also as botocore signs it: with the "?list-type=2" of the
    /// operation's URI, though list-type is no sub-resource.</summary>
    private static IEnumerable<string> ListTypeVariants(string resource, RawQuery query)
    {
        yield return resource;
        if (query.Get("list-type") is { } listType) yield return $"{resource}?list-type={listType}";
    }

    private static string HeaderOrQuery(SignedRequest request, RawQuery query, string header, string queryName, bool presigned)
    {
        var value = request.Header(header).ToString();
        if (value.Length == 0 && presigned) value = query.Get(queryName) ?? "";
        return value.Trim();
    }

    /// <summary>"name:value\n" for each x-amz-* header (and, when presigned, x-amz-* query parameter), names lower case
    /// and sorted, repeated values joined by ','.</summary>
    private static string CanonicalAmzHeaders(SignedRequest request, RawQuery? query)
    {
        SortedDictionary<string, string>? headers = null;
        foreach (var (name, values) in request.Headers)
        {
            if (!name.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase)) continue;
            headers ??= new SortedDictionary<string, string>(StringComparer.Ordinal);
            headers[name.ToLowerInvariant()] = string.Join(',', values.Select(v => (v ?? "").Trim()));
        }
        if (query is not null)
        {
            foreach (var p in query.Parameters)
            {
                var name = AwsUriEncoding.Decode(p.RawName);
                if (!name.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase)) continue;
                headers ??= new SortedDictionary<string, string>(StringComparer.Ordinal);
                headers[name.ToLowerInvariant()] = AwsUriEncoding.Decode(p.RawValue).Trim();
            }
        }
        if (headers is null) return "";
        var sb = new StringBuilder();
        foreach (var (name, value) in headers) sb.Append(name).Append(':').Append(value).Append('\n');
        return sb.ToString();
    }

    /// <summary>"?acl", "?partNumber=1&amp;uploadId=x": the sub-resource parameters sorted by name, values decoded.</summary>
    private static string CanonicalSubResources(RawQuery query)
    {
        List<(string Name, string? Value)>? found = null;
        foreach (var p in query.Parameters)
        {
            var name = AwsUriEncoding.Decode(p.RawName);
            if (!SubResources.Contains(name)) continue;
            (found ??= []).Add((name, p.HasEquals ? AwsUriEncoding.Decode(p.RawValue) : null));
        }
        if (found is null) return "";
        var sorted = found.OrderBy(f => f.Name, StringComparer.Ordinal);
        return "?" + string.Join('&', sorted.Select(f => f.Value is null ? f.Name : f.Name + "=" + f.Value));
    }
}
