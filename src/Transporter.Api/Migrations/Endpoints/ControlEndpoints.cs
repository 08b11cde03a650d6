using Transporter.Api.Migrations.Contracts;
using Transporter.Api.Http;
using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;
using Transporter.Worker.Orchestration;

namespace Transporter.Api.Migrations.Endpoints;

/// <summary>POST /abort/:id, /retry/:id and /pause/:id.</summary>
public static class ControlEndpoints
{
    public static RouteGroupBuilder MapControlEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/abort/{id}", AbortAsync)
            .WithSummary("Abort the migration's running run (Terminated; copies in flight are cancelled)")
            .Produces(StatusCodes.Status200OK)
            .Produces<ApiError>(StatusCodes.Status404NotFound);
        api.MapPost("/retry/{id}", RetryAsync)
            .WithSummary("Copy the failed objects of the finished latest run again")
            .Produces(StatusCodes.Status204NoContent)
            .Produces<ApiError>(StatusCodes.Status400BadRequest)
            .Produces<ApiError>(StatusCodes.Status404NotFound);
        api.MapPost("/pause/{id}", PauseAsync)
            .WithSummary("Pause ({\"paused\":true}) or resume ({\"paused\":false}) the migration")
            .Accepts<PauseRequest>("application/json")
            .Produces(StatusCodes.Status200OK)
            .Produces<ApiError>(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> AbortAsync(string id, HttpContext http, MigrationRepository repository, RunCommands commands, CancellationToken ct)
    {
        if (!MigrationId.TryParse(id, out var migrationId, out var error)) return error!;
        if (await repository.GetOwnedAsync(migrationId, http.Owner(), ct) is not { } found) return MigrationId.NotFound(migrationId);
        await commands.AbortAsync(migrationId, found.LatestRun, ct);
        return Results.Ok();
    }

    private static async Task<IResult> RetryAsync(string id, HttpContext http, MigrationRepository repository, RunCommands commands, CancellationToken ct)
    {
        if (!MigrationId.TryParse(id, out var migrationId, out var error)) return error!;
        if (await repository.GetOwnedAsync(migrationId, http.Owner(), ct) is not { } found) return MigrationId.NotFound(migrationId);
        if (found.LatestRun is not { } run || !run.State.IsFinished() || !await commands.RetryAsync(migrationId, run, ct))
        {
            var state = found.LatestRun?.State.Description() ?? "not started";
            return ApiResults.BadRequest($"migration {migrationId} is not finished (state {state}); only a finished migration can be retried");
        }
        return Results.NoContent();
    }

    private static async Task<IResult> PauseAsync(string id, HttpContext http, MigrationRepository repository, RunCommands commands, CancellationToken ct)
    {
        if (!MigrationId.TryParse(id, out var migrationId, out var error)) return error!;
        var (body, bodyError) = await JsonBody.ReadAsync<PauseRequest>(http.Request, ct);
        if (body is null) return bodyError!;
        if (body.Paused is not { } paused) return ApiResults.BadRequest("\"paused\" (true or false) is required");
        if (await repository.GetOwnedAsync(migrationId, http.Owner(), ct) is null) return MigrationId.NotFound(migrationId);
        await commands.PauseAsync(migrationId, paused, ct);
        return Results.Ok();
    }
}
