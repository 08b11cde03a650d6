namespace Transporter.Store.Protocol.Headers;

/// <summary>A parsed Range header against an object of known size.</summary>
internal readonly record struct RangeRequest(RangeKind Kind, long First, long Last)
{
    public long Length => Last - First + 1;

    /// <summary>
    /// bytes=a-b, bytes=a- (to the end) and bytes=-n (the last n bytes). A header that is not a single byte range is
    /// ignored, as HTTP says (whole object); a syntactically valid range outside the object is unsatisfiable (416).
    /// </summary>
    public static RangeRequest Parse(string? header, long size)
    {
        if (string.IsNullOrWhiteSpace(header)) return default;
        var value = header.Trim();
        if (!value.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase)) return default;
        var spec = value[6..].Trim();
        if (spec.Contains(',')) return default; // multiple ranges: S3 answers with the whole object
        var dash = spec.IndexOf('-');
        if (dash < 0) return default;
        var firstText = spec[..dash].Trim();
        var lastText = spec[(dash + 1)..].Trim();
        if (firstText.Length == 0)
        {
            if (!long.TryParse(lastText, out var suffix) || suffix < 0) return default;
            if (suffix == 0 || size == 0) return new RangeRequest(RangeKind.Unsatisfiable, 0, 0);
            return new RangeRequest(RangeKind.Satisfiable, Math.Max(0, size - suffix), size - 1);
        }
        if (!long.TryParse(firstText, out var first) || first < 0) return default;
        long last;
        if (lastText.Length == 0) last = size - 1;
        else if (!long.TryParse(lastText, out last) || last < first) return default;
        if (first >= size) return new RangeRequest(RangeKind.Unsatisfiable, 0, 0);
        return new RangeRequest(RangeKind.Satisfiable, first, Math.Min(last, size - 1));
    }
}
