using Dapper;
using static Transporter.Core.Persistence.UnixTime;

namespace Transporter.Identity.Accounts;

/// <summary>The IAM and STS calls of each root, allowed or refused, as its audit log lists them.</summary>
public sealed class AuditLog(IdentityDatabase db)
{
    /// <summary>Appends one IAM or STS call to its root's audit log.</summary>
    public async Task RecordAuditAsync(AuditEntry entry, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO identity_audit (root_name, user_name, access_key_id, service, action, source_ip, allowed, error_code, at)
            VALUES (@Root, @UserName, @AccessKeyId, @Service, @Action, @SourceIp, @Allowed, @ErrorCode, @at)
            """, new { entry.Root, entry.UserName, entry.AccessKeyId, entry.Service, entry.Action, entry.SourceIp, entry.Allowed, entry.ErrorCode,
            at = entry.At.ToUnixTimeMilliseconds() }, cancellationToken: ct)).ConfigureAwait(false);
    }

    /// <summary>The newest <paramref name="limit"/> audit entries of a root, newest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string root, int limit = 1000, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<AuditRow>(new CommandDefinition("""
            SELECT root_name AS Root, user_name AS UserName, access_key_id AS AccessKeyId, service AS Service, action AS Action,
                   source_ip AS SourceIp, allowed AS Allowed, error_code AS ErrorCode, at AS At
            FROM identity_audit WHERE root_name = @root ORDER BY at DESC, id DESC LIMIT @limit
            """, new { root, limit }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => new AuditEntry(r.Root, r.UserName, r.AccessKeyId, r.Service, r.Action, r.SourceIp, r.Allowed, r.ErrorCode, FromMs(r.At)))
            .ToList();
    }
}
