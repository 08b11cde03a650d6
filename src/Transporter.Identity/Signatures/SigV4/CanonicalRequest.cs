using System.Text;
using Microsoft.Extensions.Primitives;

namespace Transporter.Identity.Signatures.SigV4;

/// <summary>The SigV4 canonical request: method, URI, query, headers, signed header list and payload hash.</summary>
internal static class CanonicalRequest
{
    public static string Build(string method, string canonicalUri, string canonicalQuery, string canonicalHeaders,
        string signedHeaders, string payloadHash)
    {
        var sb = new StringBuilder(method.Length + canonicalUri.Length + canonicalQuery.Length + canonicalHeaders.Length + signedHeaders.Length + 80);
        sb.Append(method).Append('\n')
          .Append(canonicalUri).Append('\n')
          .Append(canonicalQuery).Append('\n')
          .Append(canonicalHeaders).Append('\n')
          .Append(signedHeaders).Append('\n')
          .Append(payloadHash);
        return sb.ToString();
    }

    /// <summary>S3 signs the path as the client encoded it once (no normalization); every other AWS service signs the
    /// normalized path encoded again, so a %XX on the wire becomes %25XX (botocore's SigV4Auth).</summary>
    public static string Uri(string rawPath, bool isS3)
    {
        if (rawPath.Length == 0) return "/";
        return isS3
            ? AwsUriEncoding.Canonical(rawPath, keepSlash: true)
            : AwsUriEncoding.Encode(AwsUriEncoding.NormalizePath(rawPath), keepSlash: true);
    }

    /// <summary>Parameters sorted by encoded name then value; <paramref name="reencode"/> decodes and re-encodes each
    /// with the AWS rules (what AWS does), otherwise they are taken as sent (what botocore does with a URL).</summary>
    public static string Query(RawQuery query, bool excludeSignature, bool reencode)
    {
        var source = query.Parameters;
        if (source.Length == 0) return "";
        var pairs = new KeyValuePair<string, string>[source.Length];
        var n = 0;
        foreach (var p in source)
        {
            if (excludeSignature && p.RawName == "X-Amz-Signature") continue;
            pairs[n++] = reencode
                ? new(AwsUriEncoding.Canonical(p.RawName, keepSlash: false), AwsUriEncoding.Canonical(p.RawValue, keepSlash: false))
                : new(p.RawName, p.RawValue);
        }
        if (n == 0) return "";
        if (n > 1)
        {
            Array.Sort(pairs, 0, n, PairComparer.Instance);
        }
        var sb = new StringBuilder(256);
        for (var i = 0; i < n; i++)
        {
            if (i > 0) sb.Append('&');
            sb.Append(pairs[i].Key).Append('=').Append(pairs[i].Value);
        }
        return sb.ToString();
    }

    /// <summary>"name:value\n" for each signed header in the order given; repeated headers joined by ',' in arrival order.</summary>
    public static string Headers(SignedRequest request, string[] signedHeaders)
    {
        var sb = new StringBuilder(256);
        foreach (var name in signedHeaders)
        {
            sb.Append(name).Append(':');
            var values = request.Header(name);
            if (values.Count == 0 && name == "host") values = new StringValues(request.Host);
            for (var i = 0; i < values.Count; i++)
            {
                if (i > 0) sb.Append(',');
                AppendTrimmed(sb, values[i] ?? "");
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Trims and collapses each run of whitespace to one space (SigV4's Trimall).</summary>
    internal static void AppendTrimmed(StringBuilder sb, string value)
    {
        var pendingSpace = false;
        var started = false;
        foreach (var c in value)
        {
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                pendingSpace = started;
                continue;
            }
            if (pendingSpace) sb.Append(' ');
            pendingSpace = false;
            started = true;
            sb.Append(c);
        }
    }

    private sealed class PairComparer : IComparer<KeyValuePair<string, string>>
    {
        public static readonly PairComparer Instance = new();

        public int Compare(KeyValuePair<string, string> x, KeyValuePair<string, string> y)
        {
            var byName = string.CompareOrdinal(x.Key, y.Key);
            return byName != 0 ? byName : string.CompareOrdinal(x.Value, y.Value);
        }
    }
}
