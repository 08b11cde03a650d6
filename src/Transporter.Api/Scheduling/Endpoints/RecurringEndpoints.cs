using Transporter.Api.Access;
using Transporter.Api.Http;
using Transporter.Api.Migrations;
using Transporter.Api.Scheduling.Contracts;
using Transporter.Core.Migrations.Persistence;

namespace Transporter.Api.Scheduling.Endpoints;

/// <summary>POST and DELETE /recurring/migration/:id: set or remove a migration's schedule.</summary>
public static class RecurringEndpoints
{
    public static RouteGroupBuilder MapRecurringEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/recurring/migration/{id}", SetAsync).Requires(TransporterActions.SetSchedule, TransporterResources.Migration)
            .WithSummary("Create or change the migration's schedule (spec, maxRuns; runs 0 resets the counter; enabled false pauses it)")
            .Accepts<RecurringRequest>("application/json")
            .Produces<ScheduleView>()
            .Produces<ApiError>(StatusCodes.Status400BadRequest)
            .Produces<ApiError>(StatusCodes.Status404NotFound);
        api.MapDelete("/recurring/migration/{id}", DeleteAsync).Requires(TransporterActions.DeleteSchedule, TransporterResources.Migration)
            .WithSummary("Remove the migration's schedule (a run in progress goes on)")
            .Produces(StatusCodes.Status200OK)
            .Produces<ApiError>(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> SetAsync(string id, HttpContext http, MigrationRepository migrations, MigrationSchedules schedules,
        CancellationToken ct)
    {
        if (!MigrationId.TryParse(id, out var migrationId, out var error)) return error!;
        var (body, bodyError) = await JsonBody.ReadAsync<RecurringRequest>(http.Request, ct);
        if (body is null) return bodyError!;
        var errors = ScheduleValidation.Validate(body.Spec, body.MaxRuns, body.Runs, maxRunsRequired: true);
        if (errors.Count > 0) return ApiResults.BadRequest(string.Join("; ", errors));
        if (await migrations.GetOwnedAsync(migrationId, http.Owner(), ct) is null) return MigrationId.NotFound(migrationId);
        var schedule = await schedules.SetAsync(migrationId, body.Spec!.Trim(), body.MaxRuns!.Value, body.Runs, body.Enabled ?? true, ct);
        return ApiResults.Json(schedule.ToView());
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext http, MigrationRepository migrations, MigrationSchedules schedules,
        CancellationToken ct)
    {
        if (!MigrationId.TryParse(id, out var migrationId, out var error)) return error!;
        if (await migrations.GetOwnedAsync(migrationId, http.Owner(), ct) is null) return MigrationId.NotFound(migrationId);
        await schedules.DeleteAsync(migrationId, ct);
        return Results.Ok();
    }
}
