using Transporter.Api.Access;
using Transporter.Api.Http;
using Transporter.Api.Stats.Contracts;
using Transporter.Core.Stats;

namespace Transporter.Api.Stats.Endpoints;

/// <summary>POST /stats/dashboard: egress and ingress per endpoint type and the totals of the caller's migrations.</summary>
public static class DashboardEndpoints
{
    public static RouteGroupBuilder MapDashboardEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/stats/dashboard", DashboardAsync).Requires(TransporterActions.GetStats, TransporterResources.Migration)
            .WithSummary("Bytes read from (egress) and written to (ingress) each endpoint type, and the totals, over a time range")
            .Accepts<DashboardRequest>("application/json")
            .Produces<DashboardView>()
            .Produces<ApiError>(StatusCodes.Status400BadRequest);
        return api;
    }

    private static async Task<IResult> DashboardAsync(HttpContext http, StatsRepository stats, CancellationToken ct)
    {
        if (!LyveService.TryRead(http.Request, out var snap, out var error)) return error!;
        var (body, bodyError) = await JsonBody.ReadAsync<DashboardRequest>(http.Request, ct);
        if (body is null) return bodyError!;
        if (!StatsRange.TryParse(body.From, body.To, out var from, out var to, out error)) return error!;
        if (snap) return ApiResults.Json(new DashboardView(new Dictionary<string, TrafficView>(), new TotalsView(0, 0, 0, 0)));
        var dashboard = await stats.GetDashboardAsync(new StatsScope(http.Owner()), from, to, ct);
        var totals = dashboard.Totals;
        return ApiResults.Json(new DashboardView(
            dashboard.Traffic.ToDictionary(t => t.Key, t => new TrafficView(t.Value.Egress, t.Value.Ingress)),
            new TotalsView(totals.FilesFound, totals.FilesTransferred, totals.FilesFailed, totals.BytesTransferred)));
    }
}
