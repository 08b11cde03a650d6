using System.Globalization;
using Transporter.Api.Http;

namespace Transporter.Api.Reports;

/// <summary>The query of GET /reports/errors/:id: maxEntries (default 300, capped at 1000), start (default 0), key.</summary>
public sealed record ErrorReportQuery(int MaxEntries, long Start, string? Key)
{
    public const int DefaultMaxEntries = 300;
    public const int MaxEntriesCap = 1000;

    public static bool TryParse(IQueryCollection query, out ErrorReportQuery parsed, out IResult? error)
    {
        parsed = new ErrorReportQuery(DefaultMaxEntries, 0, null);
        error = null;
        foreach (var name in new[] { "maxEntries", "start", "key" })
            if (query[name].Count > 1)
            {
                error = ApiResults.BadRequest($"{name} is given more than once");
                return false;
            }

        var maxEntries = DefaultMaxEntries;
        if (query["maxEntries"] is { Count: 1 } max)
        {
            if (!long.TryParse(max[0], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
            {
                error = ApiResults.BadRequest($"maxEntries must be a whole number of at least 1 (at most {MaxEntriesCap} are returned), got '{max[0]}'");
                return false;
            }
            maxEntries = (int)Math.Min(value, MaxEntriesCap);
        }
        long start = 0;
        if (query["start"] is { Count: 1 } from && !long.TryParse(from[0], NumberStyles.None, CultureInfo.InvariantCulture, out start))
        {
            error = ApiResults.BadRequest($"start must be a whole number of at least 0, got '{from[0]}'");
            return false;
        }
        var key = query["key"] is { Count: 1 } k && !string.IsNullOrEmpty(k[0]) ? k[0] : null;
        parsed = new ErrorReportQuery(maxEntries, start, key);
        return true;
    }
}
