using Transporter.Api.Access;
using System.Globalization;
using Transporter.Api.Http;
using Transporter.Api.Stats.Contracts;
using Transporter.Core.Migrations.Persistence;
using Transporter.Core.Stats;

namespace Transporter.Api.Stats.Endpoints;

/// <summary>GET /stats/last-speed/:id?minutes= and GET /stats/last-speed?minutes= (every migration the caller may see).</summary>
public static class LastSpeedEndpoints
{
    public const int DefaultMinutes = 15;
    public const int MaxMinutes = 60;

    public static RouteGroupBuilder MapLastSpeedEndpoints(this RouteGroupBuilder api)
    {
        foreach (var route in new[] { "/stats/last-speed/{id}", "/stats/last-speed" })
            api.MapGet(route, LastSpeedAsync).Requires(TransporterActions.GetStats, TransporterResources.Migration)
                .WithSummary("Objects and bytes transferred in the last minutes (default 15, at most 60) by a migration or all the caller's migrations")
                .Produces<LastSpeedView>()
                .Produces<ApiError>(StatusCodes.Status400BadRequest)
                .Produces<ApiError>(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> LastSpeedAsync(string? id, HttpContext http, MigrationRepository repository, StatsRepository stats,
        CancellationToken ct)
    {
        if (!LyveService.TryRead(http.Request, out var snap, out var error)) return error!;
        if (!TryMinutes(http.Request.Query, out var minutes, out error)) return error!;
        var (scope, scopeError) = await StatsScopes.ResolveAsync(id, http, repository, ct);
        if (scope is null) return scopeError!;
        if (snap) return ApiResults.Json(new LastSpeedView(0, 0, minutes * 60));
        var speed = await stats.GetLastSpeedAsync(scope, minutes, ct);
        return ApiResults.Json(new LastSpeedView(speed.Objects, speed.Bytes, speed.IntervalSeconds));
    }

    private static bool TryMinutes(IQueryCollection query, out int minutes, out IResult? error)
    {
        minutes = DefaultMinutes;
        error = null;
        var values = query["minutes"];
        if (values.Count == 0 || (values.Count == 1 && string.IsNullOrEmpty(values[0]))) return true;
        if (values.Count > 1) error = ApiResults.BadRequest("minutes is given more than once");
        else if (!int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out minutes) || minutes is < 1 or > MaxMinutes)
            error = ApiResults.BadRequest($"minutes must be a whole number from 1 to {MaxMinutes}, got '{values[0]}'");
        return error is null;
    }
}
