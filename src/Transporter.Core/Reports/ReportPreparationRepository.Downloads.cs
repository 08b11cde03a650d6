using Dapper;

namespace Transporter.Core.Reports;

public sealed partial class ReportPreparationRepository
{
    /// <summary>Bundles whose download link expired before <paramref name="now"/>: (migration, file name), at most
    /// <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<(Guid MigrationId, string Bundle)>> FindExpiredBundlesAsync(DateTimeOffset now, int limit,
        CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string Id, string Bundle)>(new CommandDefinition(
            "SELECT migration_id, bundle FROM report_preparations WHERE bundle IS NOT NULL AND expires_at <= @now ORDER BY expires_at LIMIT @limit",
            new { now = now.ToUnixTimeMilliseconds(), limit }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => (Guid.Parse(r.Id), r.Bundle)).ToList();
    }

    /// <summary>Forgets the expired bundle <paramref name="bundle"/> (and its token), unless a newer one replaced it
    /// meanwhile. True when it was forgotten: the caller deletes the file.</summary>
    public async Task<bool> ForgetBundleAsync(Guid migrationId, string bundle, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE report_preparations SET bundle = NULL, token_hash = NULL, expires_at = NULL WHERE migration_id = @id AND bundle = @bundle",
            new { id = Id(migrationId), bundle }, cancellationToken: ct)).ConfigureAwait(false) == 1;
    }
}
