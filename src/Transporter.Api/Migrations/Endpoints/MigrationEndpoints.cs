using Transporter.Api.Migrations.Contracts;
using Transporter.Api.Migrations.Http;
using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;
using Transporter.Core.Reports;
using Transporter.Worker.Orchestration;

namespace Transporter.Api.Migrations.Endpoints;

/// <summary>POST /migrations and GET /migrations.</summary>
public static class MigrationEndpoints
{
    public static RouteGroupBuilder MapMigrationEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/migrations", CreateAsync)
            .WithSummary("Create a migration (started at once, or by its crontab)")
            .Accepts<MigrationRequest>("application/json")
            .Produces<MigrationCreated>(StatusCodes.Status201Created)
            .Produces<ApiError>(StatusCodes.Status400BadRequest);
        api.MapGet("/migrations", ListAsync)
            .WithSummary("List the caller's migrations (never with credentials)")
            .Produces<IReadOnlyList<MigrationView>>();
        return api;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, RunLauncher launcher, CancellationToken ct)
    {
        if (!ApiQuery.TryBandwidthLimit(http.Request, out var bandwidth, out _, out var queryError)) return queryError!;
        var (body, bodyError) = await JsonBody.ReadAsync<MigrationRequest>(http.Request, ct);
        if (body is null) return bodyError!;
        var errors = MigrationRequestValidation.Validate(body);
        if (errors.Count > 0) return ApiResults.BadRequest(string.Join("; ", errors));

        var caller = http.Caller();
        var migration = NewMigration(body, caller.Root, caller.UserName, MigrationKind.Migration, null, bandwidth);
        await launcher.CreateAsync(migration, new EndpointPair(body.Source!, body.Destination!), ct);
        return ApiResults.Json(new MigrationCreated(caller.Root, caller.UserName, migration.Id), StatusCodes.Status201Created);
    }

    /// <summary>A new migration or sync from a validated request body.</summary>
    internal static Migration NewMigration(MigrationRequest body, string root, string user, string kind, string? syncMode, long bandwidth) => new()
    {
        Id = Guid.NewGuid(),
        Root = root,
        UserName = user,
        Kind = kind,
        SyncMode = syncMode,
        Source = body.Source!.WithoutSecrets(),
        Destination = body.Destination!.WithoutSecrets(),
        BandwidthLimit = bandwidth,
        EnableStatistics = body.EnableStatistics ?? false,
        Notifications = body.Notifications ?? [],
        DeleteAfterUpload = body.DeleteAfterUpload ?? false,
        SkipVerify = body.SkipVerify ?? false,
        Crontab = body.Crontab,
    };

    private static async Task<IResult> ListAsync(HttpContext http, MigrationRepository repository, CancellationToken ct)
    {
        var migrations = await repository.ListOwnedAsync(http.Owner(), ct);
        return ApiResults.Json(migrations.Select(View).ToList());
    }

    private static MigrationView View(MigrationWithRun item)
    {
        var (m, run) = (item.Migration, item.LatestRun);
        var state = run?.State ?? (m.Crontab is null ? MigrationState.Queued : MigrationState.Waiting);
        return new MigrationView
        {
            Root = m.Root,
            UserName = m.UserName,
            Id = m.Id,
            Source = m.Source.WithoutSecrets(),
            Destination = m.Destination.WithoutSecrets(),
            Kind = m.Kind,
            SyncMode = m.SyncMode,
            State = (int)state,
            StateDescription = state.Description(),
            CreatedAt = UtcTimestamp.ToText(m.CreatedAt),
            BandwidthLimit = m.BandwidthLimit,
            Crontab = m.Crontab,
            EnableStatistics = m.EnableStatistics,
            DeleteAfterUpload = m.DeleteAfterUpload,
            SkipVerify = m.SkipVerify,
            Paused = m.Paused,
            ParentId = m.ParentId,
            Runs = run?.Number ?? 0,
        };
    }
}
