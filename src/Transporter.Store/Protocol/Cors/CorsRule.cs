namespace Transporter.Store.Protocol.Cors;

/// <summary>One CORSRule of a bucket's CORS configuration.</summary>
internal sealed record CorsRule(
    string? Id,
    IReadOnlyList<string> AllowedOrigins,
    IReadOnlyList<string> AllowedMethods,
    IReadOnlyList<string> AllowedHeaders,
    IReadOnlyList<string> ExposeHeaders,
    int? MaxAgeSeconds)
{
    public bool MatchesOrigin(string origin) => AllowedOrigins.Any(pattern => WildcardMatch(pattern, origin, ignoreCase: false));

    public bool AllowsMethod(string method) => AllowedMethods.Contains(method, StringComparer.Ordinal);

    /// <summary>Every requested header must match an AllowedHeader (case-insensitively, '*' wildcards allowed).</summary>
    public bool AllowsHeaders(IEnumerable<string> headers) =>
        headers.All(h => AllowedHeaders.Any(pattern => WildcardMatch(pattern, h, ignoreCase: true)));

    /// <summary>A pattern with at most one '*' (S3 allows no more), matching any run of characters.</summary>
    private static bool WildcardMatch(string pattern, string value, bool ignoreCase)
    {
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var star = pattern.IndexOf('*');
        if (star < 0) return string.Equals(pattern, value, comparison);
        var head = pattern[..star];
        var tail = pattern[(star + 1)..];
        return value.Length >= head.Length + tail.Length && value.StartsWith(head, comparison) && value.EndsWith(tail, comparison);
    }
}
