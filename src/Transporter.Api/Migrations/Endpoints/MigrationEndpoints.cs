using Transporter.Api.Access;
using Transporter.Api.Http;
using Transporter.Api.Migrations.Commands;
using Transporter.Api.Migrations.Contracts;
using Transporter.Api.Scheduling;
using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;
using Transporter.Core.Reports;

namespace Transporter.Api.Migrations.Endpoints;

/// <summary>POST /migrations and GET /migrations.</summary>
public static class MigrationEndpoints
{
    public static RouteGroupBuilder MapMigrationEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/migrations", CreateAsync).Requires(TransporterActions.CreateMigration, TransporterResources.Migration)
            .WithSummary("Create a migration (started at once, or by its crontab)")
            .Accepts<MigrationRequest>("application/json")
            .Produces<MigrationCreated>(StatusCodes.Status201Created)
            .Produces<ApiError>(StatusCodes.Status400BadRequest);
        api.MapGet("/migrations", ListAsync).Requires(TransporterActions.ListMigrations, TransporterResources.Migration)
            .WithSummary("List the caller's migrations (never with credentials)")
            .Produces<IReadOnlyList<MigrationView>>();
        return api;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, MigrationCreator creator, CancellationToken ct)
    {
        var (migration, error) = await CreateFromBodyAsync(http, creator, MigrationKind.Migration, null, ct);
        return migration is null ? error! : ApiResults.Json(new MigrationCreated(migration.Root, migration.UserName, migration.Id), StatusCodes.Status201Created);
    }

    /// <summary>
    /// POST /migrations and POST /sync: bandwidth-limit, then the body, validated; the caller's new migration is stored
    /// (and started unless it has a crontab). Returns it, or the 400 answer with nothing stored.
    /// </summary>
    internal static async Task<(Migration? Created, IResult? Error)> CreateFromBodyAsync(HttpContext http, MigrationCreator creator, string kind,
        string? syncMode, CancellationToken ct)
    {
        if (!ApiQuery.TryBandwidthLimit(http.Request, out var bandwidth, out _, out var queryError)) return (null, queryError);
        var (body, bodyError) = await JsonBody.ReadAsync<MigrationRequest>(http.Request, ct);
        if (body is null) return (null, bodyError);
        return await CreateFromRequestAsync(http, creator, body, kind, syncMode, bandwidth, planId: null, ct);
    }

    /// <summary>Validates <paramref name="body"/> and stores the caller's new migration (started unless it has a crontab);
    /// POST /migrations, /sync and the from-plan endpoints (<paramref name="planId"/>). Returns it, or the 400 answer with
    /// nothing stored.</summary>
    internal static async Task<(Migration? Created, IResult? Error)> CreateFromRequestAsync(HttpContext http, MigrationCreator creator, MigrationRequest body,
        string kind, string? syncMode, long bandwidth, Guid? planId, CancellationToken ct)
    {
        var (migration, errors) = await creator.CreateAsync(http.Caller(), body, kind, syncMode, bandwidth, ct, planId);
        return migration is null ? (null, ApiResults.BadRequest(string.Join("; ", errors))) : (migration, null);
    }

    private static async Task<IResult> ListAsync(HttpContext http, MigrationRepository repository, MigrationSchedules schedules, TimeProvider clock,
        CancellationToken ct)
    {
        var migrations = await repository.ListOwnedAsync(http.Owner(), ct);
        var scheduled = await schedules.GetAsync(migrations.Select(m => m.Migration.Id).ToList(), ct);
        var now = clock.GetUtcNow();
        return ApiResults.Json(migrations.Select(m => View(m, scheduled.GetValueOrDefault(m.Migration.Id), now)).ToList());
    }

    private static MigrationView View(MigrationWithRun item, ScheduleSnapshot? schedule, DateTimeOffset now)
    {
        var (m, run) = (item.Migration, item.LatestRun);
        var runState = run?.State ?? MigrationState.Queued;
        var state = schedule?.StateOf(run, runState) ?? runState;
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
            Crontab = schedule?.ToCrontab(),
            Schedule = schedule?.ToView(),
            EnableStatistics = m.EnableStatistics,
            DeleteAfterUpload = m.DeleteAfterUpload,
            SkipVerify = m.SkipVerify,
            Paused = m.Paused,
            ParentId = m.ParentId,
            Runs = run?.Number ?? 0,
            Filters = m.Controls.Filters,
            DeleteExtraneous = m.Controls.DeleteExtraneous ? true : null,
            MaxDelete = m.Controls.MaxDelete,
            BandwidthTimetable = m.Controls.BandwidthTimetable,
            TimeZone = m.Controls.TimeZone,
            Webhooks = m.Controls.Webhooks?.Select(w => w with { Secret = null }).ToList(),
            AllVersions = m.Controls.AllVersions ? true : null,
            CurrentBandwidthLimit = m.Controls.BandwidthTimetable is { Count: > 0 }
                ? Core.Bandwidth.BandwidthTimetable.EffectiveLimit(m.BandwidthLimit, m.Controls, now) : null,
        };
    }
}
