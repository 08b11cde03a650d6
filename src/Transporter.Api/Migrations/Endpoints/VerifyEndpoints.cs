using Transporter.Api.Access;
using Transporter.Api.Http;
using Transporter.Api.Migrations.Commands;
using Transporter.Api.Migrations.Contracts;
using Transporter.Core.Migrations;

namespace Transporter.Api.Migrations.Endpoints;

/// <summary>POST /verify: a verify-only run comparing a source with a destination (docs/migration-engine.md, "Verify-only
/// runs"). The body of POST /sync plus <c>deep</c>; the answer is POST /sync's.</summary>
public static class VerifyEndpoints
{
    public static RouteGroupBuilder MapVerifyEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/verify", CreateAsync).Requires(TransporterActions.CreateMigration, TransporterResources.Migration)
            .WithSummary("Compare a source with a destination without copying (report rows: match, missing, differs, extra)")
            .Accepts<MigrationRequest>("application/json")
            .Produces<SyncCreated>(StatusCodes.Status201Created)
            .Produces<ApiError>(StatusCodes.Status400BadRequest);
        return api;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, MigrationCreator creator, CancellationToken ct)
    {
        var (verify, error) = await MigrationEndpoints.CreateFromBodyAsync(http, creator, MigrationKind.Verify, null, ct);
        return verify is null ? error! : ApiResults.Json(new SyncCreated(verify.Root, verify.Id), StatusCodes.Status201Created);
    }
}
