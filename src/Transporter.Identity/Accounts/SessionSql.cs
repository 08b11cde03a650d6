using System.Data.Common;
using Dapper;
using Transporter.Core.Security;
using Transporter.Identity.Policies;
using static Transporter.Core.Persistence.UnixTime;

namespace Transporter.Identity.Accounts;

/// <summary>The read of temporary keys that <see cref="AccessKeyStore.LoadCredentialAsync"/> falls back to, on its own
/// connection: a signature is checked the same way whether the key is long-term or an STS session's.</summary>
internal static class SessionSql
{
    /// <summary>The credential of temporary keys (with their token hash, expiry and session policy), or null.</summary>
    public static async Task<SigningCredential?> LoadCredentialAsync(DbConnection connection, SecretProtector secrets, string accessKeyId,
        CancellationToken ct)
    {
        var row = await connection.QuerySingleOrDefaultAsync<SessionCredentialRow>(new CommandDefinition("""
            SELECT s.secret_protected AS SecretProtected, s.root_name AS Root, s.user_name AS UserName, u.is_root AS IsRoot,
                   s.token_hash AS TokenHash, s.policy AS Policy, s.expires_at AS ExpiresAt
            FROM identity_sessions s
            JOIN identity_users u ON u.root_name = s.root_name AND u.user_name = s.user_name
            WHERE s.access_key_id = @accessKeyId
            """, new { accessKeyId }, cancellationToken: ct)).ConfigureAwait(false);
        if (row is null) return null;
        var caller = new Caller(row.Root, row.UserName, accessKeyId, row.IsRoot)
        {
            IsSession = true,
            SessionPolicy = row.Policy is null ? null : PolicyDocument.Parse(row.Policy, requirePrincipal: false),
        };
        return new SigningCredential(caller, secrets.Unprotect(row.SecretProtected)) { SessionTokenHash = row.TokenHash, ExpiresAt = FromMs(row.ExpiresAt) };
    }
}
