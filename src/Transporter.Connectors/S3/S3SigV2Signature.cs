using System.Security.Cryptography;
using System.Text;

namespace Transporter.Connectors.S3;

/// <summary>
/// AWS Signature Version 2 for the S3 REST API ("Authorization: AWS key:signature"): HMAC-SHA1 over
/// verb, Content-MD5, Content-Type, Date, the x-amz-* headers and the canonical resource.
/// </summary>
internal static class S3SigV2Signature
{
    /// <summary>Query parameters that name a sub-resource and so belong to the canonical resource; all others are left out.</summary>
    private static readonly HashSet<string> SubResources = new(StringComparer.Ordinal)
    {
        "accelerate", "acl", "analytics", "cors", "delete", "encryption", "inventory", "legal-hold", "lifecycle",
        "location", "logging", "metrics", "notification", "object-lock", "partNumber", "policy", "replication",
        "requestPayment", "response-cache-control", "response-content-disposition", "response-content-encoding",
        "response-content-language", "response-content-type", "response-expires", "restore", "retention", "select",
        "select-type", "tagging", "torrent", "uploadId", "uploads", "versionId", "versioning", "versions", "website",
    };

    /// <param name="path">The request path exactly as sent (still percent-encoded), bucket included (path-style).</param>
    /// <param name="query">The query string as sent, with or without the leading '?'.</param>
    /// <param name="amzHeaders">Every header whose name starts with x-amz- (any case); repeated names are joined with commas.</param>
    public static string StringToSign(
        string method, string? contentMd5, string? contentType, string date,
        IEnumerable<KeyValuePair<string, string>> amzHeaders, string path, string query)
    {
        var builder = new StringBuilder(256)
            .Append(method).Append('\n')
            .Append(contentMd5).Append('\n')
            .Append(contentType).Append('\n')
            .Append(date).Append('\n');

        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in amzHeaders)
        {
            var lower = name.Trim().ToLowerInvariant();
            var trimmed = UnfoldAndTrim(value);
            headers[lower] = headers.TryGetValue(lower, out var existing) ? existing + "," + trimmed : trimmed;
        }
        foreach (var (name, value) in headers) builder.Append(name).Append(':').Append(value).Append('\n');

        builder.Append(path);
        var subResources = SubResourcesOf(query);
        for (var i = 0; i < subResources.Count; i++)
        {
            var (name, value) = subResources[i];
            builder.Append(i == 0 ? '?' : '&').Append(name);
            if (value.Length > 0) builder.Append('=').Append(value);
        }
        return builder.ToString();
    }

    /// <summary>Base64 HMAC-SHA1 of <paramref name="stringToSign"/> with the secret key.</summary>
    public static string Sign(string secretKey, string stringToSign) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secretKey), Encoding.UTF8.GetBytes(stringToSign)));

    /// <summary>Sub-resources sorted by name, with their values decoded (the canonical resource carries them unencoded).</summary>
    private static List<(string Name, string Value)> SubResourcesOf(string query)
    {
        var result = new List<(string, string)>();
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            if (!SubResources.Contains(name)) continue;
            result.Add((name, equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..])));
        }
        result.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return result;
    }

    /// <summary>AWS: folded header lines are unfolded to one space, and whitespace around the value is dropped.</summary>
    private static string UnfoldAndTrim(string value) => value.Replace("\r\n", " ").Replace('\n', ' ').Trim();
}
