using Transporter.Api.Access;
using Transporter.Api.Http;
using Transporter.Api.Migrations.Commands;
using Transporter.Api.Migrations.Contracts;
using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;
using Transporter.Worker.Orchestration;

namespace Transporter.Api.Migrations.Endpoints;

/// <summary>POST /sync (from a body) and POST /sync/:id (from an existing migration's configuration).</summary>
public static class SyncEndpoints
{
    public static RouteGroupBuilder MapSyncEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/sync", CreateAsync).Requires(TransporterActions.CreateMigration, TransporterResources.Migration)
            .WithSummary("Create an incremental sync (query sync-mode: simple | by-time)")
            .Accepts<MigrationRequest>("application/json")
            .Produces<SyncCreated>(StatusCodes.Status201Created)
            .Produces<ApiError>(StatusCodes.Status400BadRequest);
        api.MapPost("/sync/{id}", CreateFromMigrationAsync).Requires(TransporterActions.CreateMigration, TransporterResources.Migration, routeKey: null)
            .WithSummary("Create an incremental sync from a migration's configuration (its sync mode unless sync-mode is given)")
            .Produces<SyncCreated>(StatusCodes.Status201Created)
            .Produces<ApiError>(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, MigrationCreator creator, CancellationToken ct)
    {
        if (!ApiQuery.TrySyncMode(http.Request, out var mode, out var error)) return error!;
        var (sync, createError) = await MigrationEndpoints.CreateFromBodyAsync(http, creator, MigrationKind.Sync, mode ?? SyncMode.Simple, ct);
        return sync is null ? createError! : ApiResults.Json(new SyncCreated(sync.Root, sync.Id), StatusCodes.Status201Created);
    }

    private static async Task<IResult> CreateFromMigrationAsync(string id, HttpContext http, MigrationRepository repository, RunLauncher launcher,
        CancellationToken ct)
    {
        if (!MigrationId.TryParse(id, out var parentId, out var error)) return error!;
        if (!ApiQuery.TryBandwidthLimit(http.Request, out var bandwidth, out var bandwidthGiven, out error)) return error!;
        if (!ApiQuery.TrySyncMode(http.Request, out var mode, out error)) return error!;
        if (await repository.GetOwnedAsync(parentId, http.Owner(), ct) is not { Migration: var parent }) return MigrationId.NotFound(parentId);
        var endpoints = await repository.GetEndpointsAsync(parent.Id, ct);
        if (endpoints is null) return MigrationId.NotFound(parentId);

        var caller = http.Caller();
        var sync = parent with
        {
            Id = Guid.NewGuid(),
            Root = caller.Root,
            UserName = caller.UserName,
            Kind = MigrationKind.Sync,
            SyncMode = mode ?? (parent.Kind == MigrationKind.Sync ? parent.SyncMode : null) ?? SyncMode.Simple,
            BandwidthLimit = bandwidthGiven ? bandwidth : parent.BandwidthLimit,
            // A sync made from a migration runs once; its parent keeps its own schedule.
            Crontab = null,
            ParentId = parent.Id,
            Paused = false,
        };
        await launcher.CreateAsync(sync, endpoints, ct);
        return ApiResults.Json(new SyncCreated(caller.Root, sync.Id), StatusCodes.Status201Created);
    }
}
