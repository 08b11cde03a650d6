using Transporter.Api.Access;
using Transporter.Api.Http;
using Transporter.Api.Migrations;
using Transporter.Api.Plans.Contracts;
using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;
using Transporter.Core.Plans;
using Transporter.Core.Plans.Persistence;
using Transporter.Core.SavedBuckets;
using Transporter.Worker.Orchestration;
using Transporter.Worker.Plans;

namespace Transporter.Api.Plans.Endpoints;

/// <summary>GET, POST and DELETE /plans (the spec's "Migration Plan" calls): a plan scans the source in the background
/// (PlanScanService) and GET /plans/:id shows what it counted.</summary>
public static class PlanEndpoints
{
    public static RouteGroupBuilder MapPlanEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/plans", ListAsync).Requires(TransporterActions.ListPlans, TransporterResources.Plan)
            .WithSummary("List the caller's migration plans (no statistics or errors; never credentials)")
            .Produces<IReadOnlyList<PlanView>>();
        api.MapGet("/plans/{id}", GetAsync).Requires(TransporterActions.GetPlan, TransporterResources.Plan)
            .WithSummary("A migration plan with its errors, totals and size distribution")
            .Produces<PlanDetailView>()
            .Produces<ApiError>(StatusCodes.Status400BadRequest)
            .Produces<ApiError>(StatusCodes.Status404NotFound);
        api.MapPost("/plans", CreateAsync).Requires(TransporterActions.CreatePlan, TransporterResources.Plan)
            .WithSummary("Create a migration plan: scan the source and count what a migration (or sync) would move")
            .Accepts<PlanRequest>("application/json")
            .Produces<PlanCreated>()
            .Produces<ApiError>(StatusCodes.Status400BadRequest);
        api.MapPost("/plans/{migrationId}", CreateFromMigrationAsync).Requires(TransporterActions.CreatePlan, TransporterResources.Plan, routeKey: null)
            .WithSummary("Create a migration plan from an existing migration's configuration (associated with it)")
            .Produces<PlanCreated>()
            .Produces<ApiError>(StatusCodes.Status404NotFound);
        api.MapDelete("/plans/{id}", AbortAsync).Requires(TransporterActions.AbortPlan, TransporterResources.Plan)
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

    private static async Task<IResult> GetAsync(string id, HttpContext http, PlanRepository plans, PlanEstimates estimates, CancellationToken ct)
    {
        if (!PlanId.TryParse(id, out var planId, out var error)) return error!;
        if (await plans.GetOwnedAsync(planId, http.Owner(), ct) is not { } plan) return PlanId.NotFound(planId);
        var associated = await plans.GetAssociatedMigrationsAsync([plan], ct);
        // A failed or aborted plan counted nothing worth estimating.
        var estimate = plan.Status is PlanStatus.Failed or PlanStatus.Aborted ? null : await estimates.EstimateAsync(plan, ct);
        return ApiResults.Json(PlanViews.Detail(plan, associated[plan.Id], await plans.GetErrorsAsync(planId, ct), estimate));
    }

    private static async Task<IResult> CreateAsync(HttpContext http, PlanRepository plans, SavedBucketRepository savedBuckets, CancellationToken ct)
    {
        var (body, error) = await JsonBody.ReadAsync<PlanRequest>(http.Request, ct);
        if (body is null) return error!;
        // As for migrations: a saved bucket is checked as resolved now, and the plan keeps its name for each scan.
        var stored = body;
        var errors = new List<string>();
        foreach (var (side, config) in new[] { ("source", body.Source), ("destination", body.Destination) })
        {
            if (config is null) continue;
            var (resolved, problem) = await SavedBucketResolver.ResolveAsync(savedBuckets, http.Caller().Root, config, ct);
            if (problem is not null) errors.Add($"{side}: {problem}");
            else body = side == "source" ? body with { Source = resolved } : body with { Destination = resolved };
        }
        errors.AddRange(PlanRequestValidation.Validate(body));
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
            Filters = body.Filters is { IsEmpty: false } filters ? filters : null,
        };
        await plans.CreateAsync(plan, new EndpointPair(
            string.IsNullOrEmpty(stored.Source!.SavedBucket) ? body.Source! : stored.Source,
            string.IsNullOrEmpty(stored.Destination!.SavedBucket) ? body.Destination! : stored.Destination), ct);
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
            Filters = migration.Controls.Filters,
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
