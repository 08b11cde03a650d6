using Transporter.Api.Http;
using Transporter.Api.Migrations;
using Transporter.Api.Plans.Contracts;
using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;
using Transporter.Core.Plans;
using Transporter.Core.Plans.Persistence;
using Transporter.Worker.Orchestration;
using Transporter.Worker.Plans;

namespace Transporter.Api.Plans.Endpoints;

/// <summary>GET, POST and DELETE /plans (the spec's "Migration Plan" calls): a plan scans the source in the background
/// (PlanScanService) and GET /plans/:id shows what it counted.</summary>
public static class PlanEndpoints
{
    public static RouteGroupBuilder MapPlanEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/plans", ListAsync)
            .WithSummary("List the caller's migration plans (no statistics or errors; never credentials)")
            .Produces<IReadOnlyList<PlanView>>();
        api.MapGet("/plans/{id}", GetAsync)
            .WithSummary("A migration plan with its errors, totals and size distribution")
            .Produces<PlanDetailView>()
            .Produces<ApiError>(StatusCodes.Status400BadRequest)
            .Produces<ApiError>(StatusCodes.Status404NotFound);
        api.MapPost("/plans", CreateAsync)
            .WithSummary("Create a migration plan: scan the source and count what a migration (or sync) would move")
            .Accepts<PlanRequest>("application/json")
            .Produces<PlanCreated>()
            .Produces<ApiError>(StatusCodes.Status400BadRequest);
        api.MapPost("/plans/{migrationId}", CreateFromMigrationAsync)
            .WithSummary("Create a migration plan from an existing migration's configuration (associated with it)")
            .Produces<PlanCreated>()
            .Produces<ApiError>(StatusCodes.Status404NotFound);
        api.MapDelete("/plans/{id}", AbortAsync)
            .WithSummary("Abort a migration plan that has not ended (409 once ended)")
            .Produces(StatusCodes.Status200OK)
            .Produces<ApiError>(StatusCodes.Status400BadRequest)
            .Produces<ApiError>(StatusCodes.Status404NotFound)
            .Produces<ApiError>(StatusCodes.Status409Conflict);
        return api;
    }

    private static async Task<IResult> ListAsync(HttpContext http, PlanRepository plans, CancellationToken ct)
    {
        var list = await plans.ListOwnedAsync(http.Owner(), ct);
        var associated = await plans.GetAssociatedMigrationsAsync(list, ct);
        return ApiResults.Json(list.Select(p => PlanViews.Summary(p, associated[p.Id])).ToList());
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, PlanRepository plans, CancellationToken ct)
    {
        if (!PlanId.TryParse(id, out var planId, out var error)) return error!;
        if (await plans.GetOwnedAsync(planId, http.Owner(), ct) is not { } plan) return PlanId.NotFound(planId);
        var associated = await plans.GetAssociatedMigrationsAsync([plan], ct);
        return ApiResults.Json(PlanViews.Detail(plan, associated[plan.Id], await plans.GetErrorsAsync(planId, ct)));
    }

    private static async Task<IResult> CreateAsync(HttpContext http, PlanRepository plans, CancellationToken ct)
    {
        var (body, error) = await JsonBody.ReadAsync<PlanRequest>(http.Request, ct);
        if (body is null) return error!;
        var errors = PlanRequestValidation.Validate(body);
        if (errors.Count > 0) return ApiResults.BadRequest(string.Join("; ", errors));
        // Validate accepted the sync mode (or its absence, which parses to the default).
        _ = SyncMode.TryParse(body.SyncMode, out var mode);
        var caller = http.Caller();
        var plan = new Plan
        {
            Id = Guid.NewGuid(),
            Root = caller.Root,
            UserName = caller.UserName,
            Sync = body.Sync ?? false,
            SyncMode = mode,
            SkipVerify = body.SkipVerify ?? false,
            Source = body.Source!.WithoutSecrets(),
            Destination = body.Destination!.WithoutSecrets(),
        };
        await plans.CreateAsync(plan, new EndpointPair(body.Source!, body.Destination!), ct);
        WakeScanner(http);
        return ApiResults.Json(new PlanCreated(plan.Id));
    }

    /// <summary>A sync migration makes a sync plan (with its sync mode and, for by-time, its threshold); a migration a
    /// regular one.</summary>
    private static async Task<IResult> CreateFromMigrationAsync(string migrationId, HttpContext http, MigrationRepository migrations,
        PlanRepository plans, RunLauncher launcher, CancellationToken ct)
    {
        if (!MigrationId.TryParse(migrationId, out var id, out var error)) return error!;
        if (await migrations.GetOwnedAsync(id, http.Owner(), ct) is not { Migration: var migration }) return MigrationId.NotFound(id);
        if (await migrations.GetEndpointsAsync(id, ct) is not { } endpoints) return MigrationId.NotFound(id);
        var sync = migration.Kind == MigrationKind.Sync;
        var caller = http.Caller();
        var plan = new Plan
        {
            Id = Guid.NewGuid(),
            Root = caller.Root,
            UserName = caller.UserName,
            Sync = sync,
            SyncMode = migration.SyncMode ?? SyncMode.Simple,
            SkipVerify = migration.SkipVerify,
            Source = migration.Source,
            Destination = migration.Destination,
            MigrationId = migration.Id,
            Since = sync ? await launcher.SinceAsync(migration, ct) : null,
        };
        await plans.CreateAsync(plan, endpoints, ct);
        WakeScanner(http);
        return ApiResults.Json(new PlanCreated(plan.Id));
    }

    private static async Task<IResult> AbortAsync(string id, HttpContext http, PlanRepository plans, CancellationToken ct)
    {
        if (!PlanId.TryParse(id, out var planId, out var error)) return error!;
        if (await plans.GetOwnedAsync(planId, http.Owner(), ct) is null) return PlanId.NotFound(planId);
        return await plans.AbortAsync(planId, ct) switch
        {
            null => PlanId.NotFound(planId),
            (true, _) => Results.Ok(),
            (false, var status) => ApiResults.Error(StatusCodes.Status409Conflict, "conflict", $"migration plan already ended, current status: {status}"),
        };
    }

    /// <summary>Starts the scan at once when this process scans plans (the embedded platform); other scanners find it
    /// within seconds.</summary>
    private static void WakeScanner(HttpContext http) => http.RequestServices.GetService<PlanScanService>()?.Wake();
}
