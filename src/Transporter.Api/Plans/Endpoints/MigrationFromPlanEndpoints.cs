using Transporter.Api.Access;
using Transporter.Api.Http;
using Transporter.Api.Migrations.Commands;
using Transporter.Api.Migrations.Contracts;
using Transporter.Api.Migrations.Endpoints;
using Transporter.Api.Plans.Contracts;
using Transporter.Core.Migrations;
using Transporter.Core.Plans.Persistence;

namespace Transporter.Api.Plans.Endpoints;

/// <summary>POST /migration-from-plan/:id and /sync-from-plan/:id: a migration (or sync) with the plan's source,
/// destination, skipVerify and filters, associated with the plan; crontab, enableStatistics and notifications from the optional
/// body, bandwidth-limit (and sync-mode) from the query, as for POST /migrations and /sync.</summary>
public static class MigrationFromPlanEndpoints
{
    public static RouteGroupBuilder MapMigrationFromPlanEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/migration-from-plan/{id}", (string id, HttpContext http, PlanRepository plans, MigrationCreator creator, CancellationToken ct) =>
                CreateAsync(id, http, plans, creator, sync: false, ct))
            .Requires(TransporterActions.CreateMigration, TransporterResources.Migration, routeKey: null)
            .WithSummary("Create a migration from a regular plan (409 for a sync plan)")
            .Accepts<FromPlanRequest>("application/json")
            .Produces<FromPlanCreated>()
            .Produces<ApiError>(StatusCodes.Status400BadRequest)
            .Produces<ApiError>(StatusCodes.Status404NotFound)
            .Produces<ApiError>(StatusCodes.Status409Conflict);
        api.MapPost("/sync-from-plan/{id}", (string id, HttpContext http, PlanRepository plans, MigrationCreator creator, CancellationToken ct) =>
                CreateAsync(id, http, plans, creator, sync: true, ct))
            .Requires(TransporterActions.CreateMigration, TransporterResources.Migration, routeKey: null)
            .WithSummary("Create an incremental sync from a sync plan (409 for a regular plan; query sync-mode overrides the plan's)")
            .Accepts<FromPlanRequest>("application/json")
            .Produces<FromPlanCreated>()
            .Produces<ApiError>(StatusCodes.Status400BadRequest)
            .Produces<ApiError>(StatusCodes.Status404NotFound)
            .Produces<ApiError>(StatusCodes.Status409Conflict);
        return api;
    }

    private static async Task<IResult> CreateAsync(string id, HttpContext http, PlanRepository plans, MigrationCreator creator, bool sync,
        CancellationToken ct)
    {
        if (!PlanId.TryParse(id, out var planId, out var error)) return error!;
        if (!ApiQuery.TryBandwidthLimit(http.Request, out var bandwidth, out _, out error)) return error!;
        string? mode = null;
        if (sync && !ApiQuery.TrySyncMode(http.Request, out mode, out error)) return error!;
        var (body, bodyError) = await ReadOptionalBodyAsync(http, ct);
        if (body is null) return bodyError!;
        if (await plans.GetOwnedAsync(planId, http.Owner(), ct) is not { } plan) return PlanId.NotFound(planId);
        if (plan.Sync != sync)
            return ApiResults.Error(StatusCodes.Status409Conflict, "conflict", sync
                ? $"migration plan {planId} is a regular plan: create its migration with POST /migration-from-plan/{planId}"
                : $"migration plan {planId} is a sync plan: create its sync with POST /sync-from-plan/{planId}");
        if (await plans.GetEndpointsAsync(planId, ct) is not { } endpoints) return PlanId.NotFound(planId);

        var request = new MigrationRequest
        {
            Source = endpoints.Source,
            Destination = endpoints.Destination,
            SkipVerify = plan.SkipVerify,
            Crontab = body.Crontab,
            EnableStatistics = body.EnableStatistics,
            Notifications = body.Notifications,
            DeleteAfterUpload = body.DeleteAfterUpload,
            DeleteExtraneous = body.DeleteExtraneous,
            MaxDelete = body.MaxDelete,
            BandwidthTimetable = body.BandwidthTimetable,
            TimeZone = body.TimeZone,
            Webhooks = body.Webhooks,
            // The migration copies what its plan counted.
            Filters = plan.Filters,
        };
        var (migration, createError) = await MigrationEndpoints.CreateFromRequestAsync(http, creator, request,
            sync ? MigrationKind.Sync : MigrationKind.Migration, sync ? mode ?? plan.SyncMode : null, bandwidth, plan.Id, ct);
        return migration is null ? createError! : ApiResults.Json(new FromPlanCreated(migration.Id, migration.Root));
    }

    /// <summary>The body is optional here: none means all defaults.</summary>
    private static async Task<(FromPlanRequest? Value, IResult? Error)> ReadOptionalBodyAsync(HttpContext http, CancellationToken ct)
    {
        var request = http.Request;
        if (request.ContentLength is null or 0 && request.Headers.TransferEncoding.Count == 0) return (new FromPlanRequest(), null);
        return await JsonBody.ReadAsync<FromPlanRequest>(request, ct);
    }
}
