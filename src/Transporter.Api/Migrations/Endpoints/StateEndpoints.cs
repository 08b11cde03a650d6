using Transporter.Api.Access;
using Transporter.Api.Http;
using Transporter.Api.Migrations.Contracts;
using Transporter.Api.Scheduling;
using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;
using Transporter.Core.Reports;

namespace Transporter.Api.Migrations.Endpoints;

/// <summary>GET /state/:id: the latest run's progress (Waiting between runs of a schedule); 404 until a worker took it
/// (its lister claimed it: from then on Queued, preflight included, is visible).</summary>
public static class StateEndpoints
{
    public static RouteGroupBuilder MapStateEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/state/{id}", GetAsync).Requires(TransporterActions.GetMigration, TransporterResources.Migration)
            .WithSummary("The state of a migration's latest run (404 while no worker started it)")
            .Produces<MigrationStateView>()
            .Produces<ApiError>(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, MigrationRepository repository, RunRepository runs,
        MigrationSchedules schedules, TimeProvider clock, CancellationToken ct)
    {
        if (!MigrationId.TryParse(id, out var migrationId, out var error)) return error!;
        if (await repository.GetOwnedAsync(migrationId, http.Owner(), ct) is not { } found) return MigrationId.NotFound(migrationId);
        if (found.LatestRun is not { } run || (run.State == MigrationState.Queued && run.StartedAt is null && run.ClaimedAt is null))
            return ApiResults.Error(StatusCodes.Status404NotFound, "not found", NotStartedYet(migrationId, found.LatestRun, clock));
        var schedule = (await schedules.GetAsync([migrationId], ct)).GetValueOrDefault(migrationId);
        var state = schedule?.StateOf(run, run.State) ?? run.State;
        return ApiResults.Json(new MigrationStateView
        {
            Root = found.Migration.Root,
            Id = migrationId,
            ListingCompleted = run.ListingCompleted,
            LastKey = run.LastKey ?? "",
            StartTime = UtcTimestamp.ToMillisecondText(run.StartedAt ?? run.CreatedAt),
            LastUpdate = UtcTimestamp.ToMillisecondText(run.UpdatedAt),
            LastProgress = UtcTimestamp.ToMillisecondText(run.ProgressAt ?? run.UpdatedAt),
            SecondsSinceProgress = state.IsFinished() || state is MigrationState.Paused or MigrationState.Waiting ? null
                : Math.Max(0, (long)(clock.GetUtcNow() - (run.ProgressAt ?? run.UpdatedAt)).TotalSeconds),
            FilesFound = run.FilesFound,
            FilesCompleted = run.FilesCompleted,
            FilesFailed = run.FilesFailed,
            BytesTransmitted = run.BytesTransmitted,
            FilesDeleted = found.Migration.Controls.DeleteExtraneous ? run.FilesDeleted : null,
            RequestRate = run.RequestRate is { } rate ? Math.Round(rate, 1) : null,
            ThrottledRequests = run.ThrottledRequests,
            Errors = await runs.GetErrorsAsync(run.Id, ct),
            State = (int)state,
            StateDescription = state.Description(),
            Schedule = schedule?.ToView(),
        });
    }

    /// <summary>Why there is no state yet: queued for how long, so a run no worker takes does not look like a bad id.</summary>
    private static string NotStartedYet(Guid migrationId, MigrationRun? run, TimeProvider clock) => run is null
        ? $"migration {migrationId} has not been started by a worker yet (it starts with its schedule)"
        : $"migration {migrationId} has not been started by a worker yet (queued {Math.Max(0, (long)(clock.GetUtcNow() - run.CreatedAt).TotalSeconds)} s ago)";
}
