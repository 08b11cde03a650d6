using Transporter.Store.Protocol.Xml;

namespace Transporter.Store.Protocol.Headers;

/// <summary>
/// S3's conditional request rules (RFC 7232 precedence): If-Match before If-Unmodified-Since (which is ignored when
/// If-Match is present and holds), If-None-Match before If-Modified-Since (likewise). Dates compare at whole seconds,
/// the precision of Last-Modified.
/// </summary>
internal static class Preconditions
{
    /// <summary>What a GET/HEAD answers: proceed, 412 or 304.</summary>
    public static PreconditionOutcome Evaluate(
        string? ifMatch, string? ifNoneMatch, string? ifModifiedSince, string? ifUnmodifiedSince, string etag, DateTimeOffset lastModified)
    {
        var modified = TruncateToSeconds(lastModified);
        if (ifMatch is not null)
        {
            if (!ETagListMatches(ifMatch, etag)) return PreconditionOutcome.PreconditionFailed;
        }
        else if (S3Timestamps.ParseHttp(ifUnmodifiedSince) is { } unmodifiedSince && modified > unmodifiedSince)
            return PreconditionOutcome.PreconditionFailed;

        if (ifNoneMatch is not null)
        {
            if (ETagListMatches(ifNoneMatch, etag)) return PreconditionOutcome.NotModified;
        }
        else if (S3Timestamps.ParseHttp(ifModifiedSince) is { } modifiedSince && modified <= modifiedSince)
            return PreconditionOutcome.NotModified;
        return PreconditionOutcome.Proceed;
    }

    /// <summary>x-amz-copy-source-if-*: any failed condition is 412 (there is no 304 for a copy).</summary>
    public static bool CopySourceAllowed(
        string? ifMatch, string? ifNoneMatch, string? ifModifiedSince, string? ifUnmodifiedSince, string etag, DateTimeOffset lastModified) =>
        Evaluate(ifMatch, ifNoneMatch, ifModifiedSince, ifUnmodifiedSince, etag, lastModified) == PreconditionOutcome.Proceed;

    private static bool ETagListMatches(string header, string etag)
    {
        foreach (var candidate in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (candidate == "*") return true;
            var value = candidate.StartsWith("W/", StringComparison.Ordinal) ? candidate[2..] : candidate;
            if (string.Equals(value.Trim('"'), etag, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset time) =>
        new(time.Ticks - time.Ticks % TimeSpan.TicksPerSecond, time.Offset);
}
