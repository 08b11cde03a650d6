using Transporter.Api.Http;
using Transporter.Api.Migrations;
using Transporter.Core.Migrations.Persistence;
using Transporter.Core.Stats;

namespace Transporter.Api.Stats;

/// <summary>Whose statistics a request asks for: one migration the caller may see (400 for a malformed id, 404 for
/// one it may not see), or, without an id, every migration the caller may see.</summary>
public static class StatsScopes
{
    public static async Task<(StatsScope? Scope, IResult? Error)> ResolveAsync(string? id, HttpContext http, MigrationRepository repository,
        CancellationToken ct)
    {
        var owner = http.Owner();
        if (string.IsNullOrEmpty(id)) return (new StatsScope(owner), null);
        if (!MigrationId.TryParse(id, out var migrationId, out var error)) return (null, error);
        if (await repository.GetOwnedAsync(migrationId, owner, ct) is null) return (null, MigrationId.NotFound(migrationId));
        return (new StatsScope(owner, migrationId), null);
    }
}
