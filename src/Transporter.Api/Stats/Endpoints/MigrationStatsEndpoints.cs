using Transporter.Api.Access;
using Transporter.Api.Http;
using Transporter.Api.Stats.Contracts;
using Transporter.Core.Migrations.Persistence;
using Transporter.Core.Stats;

namespace Transporter.Api.Stats.Endpoints;

/// <summary>POST /stats/migration/:id and POST /stats/migration (every migration the caller may see).</summary>
public static class MigrationStatsEndpoints
{
    public static RouteGroupBuilder MapMigrationStatsEndpoints(this RouteGroupBuilder api)
    {
        foreach (var route in new[] { "/stats/migration/{id}", "/stats/migration" })
            api.MapPost(route, PointsAsync).Requires(TransporterActions.GetStats, TransporterResources.Migration)
                .WithSummary("Statistics points of a migration (or of all the caller's migrations without an id), summed per aggregateTime seconds")
                .Accepts<StatsRequest>("application/json")
                .Produces<StatsPointsView>()
                .Produces<ApiError>(StatusCodes.Status400BadRequest)
                .Produces<ApiError>(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> PointsAsync(string? id, HttpContext http, MigrationRepository repository, StatsRepository stats,
        CancellationToken ct)
    {
        if (!LyveService.TryRead(http.Request, out var snap, out var error)) return error!;
        var (body, bodyError) = await JsonBody.ReadAsync<StatsRequest>(http.Request, ct);
        if (body is null) return bodyError!;
        if (!StatsRange.TryParse(body.From, body.To, out var from, out var to, out error)) return error!;
        if (!StatsRange.TryParseAggregate(body.AggregateTime, out var aggregate, out error)) return error!;
        var (scope, scopeError) = await StatsScopes.ResolveAsync(id, http, repository, ct);
        if (scope is null) return scopeError!;
        if (snap) return ApiResults.Json(new StatsPointsView([]));
        return new StatsPointsResult(stats.GetPointsAsync(scope, from, to, aggregate, ct));
    }
}
