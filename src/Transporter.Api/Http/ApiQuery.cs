using Transporter.Core.Migrations;

namespace Transporter.Api.Http;

/// <summary>The API's query parameters: bandwidth-limit and sync-mode.</summary>
public static class ApiQuery
{
    /// <summary>bandwidth-limit: absent means 0 (no limit; <paramref name="given"/> false).</summary>
    public static bool TryBandwidthLimit(HttpRequest request, out long bytesPerSecond, out bool given, out IResult? error)
    {
        bytesPerSecond = 0;
        error = null;
        var values = request.Query["bandwidth-limit"];
        given = values.Count > 0;
        if (values.Count > 1) error = ApiResults.BadRequest("bandwidth-limit is given more than once");
        else if (given)
        {
            bytesPerSecond = BandwidthLimit.Parse(values[0], out var problem);
            if (problem is not null) error = ApiResults.BadRequest(problem);
        }
        return error is null;
    }

    /// <summary>sync-mode: simple or by-time; null when absent (callers pick the default or inherit).</summary>
    public static bool TrySyncMode(HttpRequest request, out string? mode, out IResult? error)
    {
        mode = null;
        error = null;
        var values = request.Query["sync-mode"];
        if (values.Count > 1) error = ApiResults.BadRequest("sync-mode is given more than once");
        else if (values.Count == 1 && !string.IsNullOrEmpty(values[0]))
        {
            if (SyncMode.TryParse(values[0], out var parsed)) mode = parsed;
            else error = ApiResults.BadRequest($"sync-mode must be \"{SyncMode.Simple}\" or \"{SyncMode.ByTime}\", got \"{values[0]}\"");
        }
        return error is null;
    }
}
