using Transporter.Api.Access;
using Transporter.Api.Http;
using Transporter.Api.Migrations.Commands;
using Transporter.Api.Migrations.Contracts;

namespace Transporter.Api.Migrations.Endpoints;

/// <summary>POST /abort/:id, /retry/:id and /pause/:id.</summary>
public static class ControlEndpoints
{
    public static RouteGroupBuilder MapControlEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/abort/{id}", AbortAsync).Requires(TransporterActions.AbortMigration, TransporterResources.Migration)
            .WithSummary("Abort the migration's running run (Terminated; copies in flight are cancelled); a migration that has ended is left as it is")
            .Produces(StatusCodes.Status200OK)
            .Produces<ApiError>(StatusCodes.Status404NotFound);
        api.MapPost("/retry/{id}", RetryAsync).Requires(TransporterActions.RetryMigration, TransporterResources.Migration)
            .WithSummary("Copy the failed objects of the finished latest run again")
            .Produces(StatusCodes.Status204NoContent)
            .Produces<ApiError>(StatusCodes.Status400BadRequest)
            .Produces<ApiError>(StatusCodes.Status404NotFound);
        api.MapPost("/pause/{id}", PauseAsync).RequiresInHandler(TransporterActions.PauseMigration, TransporterResources.Migration)
            .WithSummary("Pause ({\"paused\":true}) or resume ({\"paused\":false}) the migration")
            .Accepts<PauseRequest>("application/json")
            .Produces(StatusCodes.Status200OK)
            .Produces<ApiError>(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> AbortAsync(string id, HttpContext http, MigrationAborter aborter, CancellationToken ct)
    {
        if (!MigrationId.TryParse(id, out var migrationId, out var error)) return error!;
        return CommandResults.From(await aborter.AbortAsync(http.Owner(), migrationId, ct), Results.Ok());
    }

    private static async Task<IResult> RetryAsync(string id, HttpContext http, MigrationRetrier retrier, CancellationToken ct)
    {
        if (!MigrationId.TryParse(id, out var migrationId, out var error)) return error!;
        return CommandResults.From(await retrier.RetryAsync(http.Owner(), migrationId, ct), Results.NoContent());
    }

    private static async Task<IResult> PauseAsync(string id, HttpContext http, MigrationPauser pauser, CancellationToken ct)
    {
        if (!MigrationId.TryParse(id, out var migrationId, out var error)) return error!;
        var (body, bodyError) = await JsonBody.ReadAsync<PauseRequest>(http.Request, ct);
        if (body is null) return bodyError!;
        if (body.Paused is not { } paused) return ApiResults.BadRequest("\"paused\" (true or false) is required");
        var action = paused ? TransporterActions.PauseMigration : TransporterActions.ResumeMigration;
        if (await http.AuthorizeAsync(action, TransporterResources.OfMigration(migrationId)) is { } refused) return refused;
        return CommandResults.From(await pauser.PauseAsync(http.Owner(), migrationId, paused, ct), Results.Ok());
    }
}
