using Transporter.Api.Access;
using Transporter.Api.Http;
using Transporter.Api.Migrations.Commands;
using Transporter.Api.Migrations.Contracts;
using Transporter.Core.Migrations.Persistence;

namespace Transporter.Api.Migrations.Endpoints;

/// <summary>GET /bandwidth/:id and POST /bandwidth (several migrations at once: all valid, or none changed).</summary>
public static class BandwidthEndpoints
{
    public static RouteGroupBuilder MapBandwidthEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/bandwidth/{id}", GetAsync).Requires(TransporterActions.GetMigration, TransporterResources.Migration)
            .WithSummary("The migration's bandwidth limit (bytesPerSecond 0 = no limit)")
            .Produces<BandwidthSetting>()
            .Produces<ApiError>(StatusCodes.Status404NotFound);
        api.MapPost("/bandwidth", SetAsync).RequiresInHandler(TransporterActions.SetBandwidth, TransporterResources.Migration)
            .WithSummary("Set the bandwidth limits of several migrations (0 or >= 1000 bytes per second); running transfers follow within a second")
            .Accepts<IReadOnlyList<BandwidthSetting>>("application/json")
            .Produces(StatusCodes.Status200OK)
            .Produces<ApiError>(StatusCodes.Status400BadRequest)
            .Produces<ApiError>(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, MigrationRepository repository, CancellationToken ct)
    {
        if (!MigrationId.TryParse(id, out var migrationId, out var error)) return error!;
        if (await repository.GetOwnedAsync(migrationId, http.Owner(), ct) is not { } found) return MigrationId.NotFound(migrationId);
        return ApiResults.Json(new BandwidthSetting(migrationId.ToString("D"), found.Migration.BandwidthLimit));
    }

    private static async Task<IResult> SetAsync(HttpContext http, MigrationBandwidth bandwidth, CancellationToken ct)
    {
        var (body, error) = await JsonBody.ReadAsync<List<BandwidthSetting>>(http.Request, ct);
        if (body is null) return error!;
        if (body.Count == 0) return ApiResults.BadRequest("the body must list at least one {\"migrationID\", \"bytesPerSecond\"}");
        var limits = new List<(Guid, long)>();
        foreach (var (entry, i) in body.Select((e, i) => (e, i)))
        {
            if (entry is null) return ApiResults.BadRequest($"entry {i} must be an object");
            if (!MigrationId.TryParse(entry.MigrationId, out var migrationId, out error)) return error!;
            if (entry.BytesPerSecond is not { } value) return ApiResults.BadRequest($"entry {i}: bytesPerSecond is required");
            limits.Add((migrationId, value));
        }
        // Every migration named must be allowed before any limit changes.
        foreach (var (migrationId, _) in limits)
            if (await http.AuthorizeAsync(TransporterActions.SetBandwidth, TransporterResources.OfMigration(migrationId)) is { } refused) return refused;
        return CommandResults.From(await bandwidth.SetAsync(http.Owner(), limits, ct), Results.Ok());
    }
}
