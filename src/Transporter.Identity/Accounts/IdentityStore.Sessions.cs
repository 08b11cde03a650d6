using System.Data.Common;
using Dapper;
using Transporter.Identity.Policies;
using static Transporter.Core.Persistence.UnixTime;

namespace Transporter.Identity.Accounts;

public sealed partial class IdentityStore
{
    /// <summary>
    /// Issues temporary keys for a user (STS AssumeRole): they act as the user, narrowed by <paramref name="sessionPolicy"/>
    /// when given, until <paramref name="duration"/> has passed. Expired sessions are removed on the way.
    /// </summary>
    public async Task<NewSession> CreateSessionAsync(string root, string userName, TimeSpan duration, string? sessionPolicy, CancellationToken ct = default)
    {
        if (sessionPolicy is not null) PolicyDocument.Parse(sessionPolicy, requirePrincipal: false);
        var accessKeyId = "ASIA" + CredentialGenerator.NewAccessKeyId()[..16];
        var secretKey = CredentialGenerator.NewSecretKey();
        var token = SessionTokens.New();
        var now = NowMs();
        var expiresAt = now + (long)duration.TotalMilliseconds;
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await RequireUserAsync(connection, tx, root, userName).ConfigureAwait(false);
        await connection.ExecuteAsync("DELETE FROM identity_sessions WHERE expires_at < @now", new { now }, tx).ConfigureAwait(false);
        await connection.ExecuteAsync("""
            INSERT INTO identity_sessions (access_key_id, root_name, user_name, secret_protected, token_hash, policy, created_at, expires_at)
            VALUES (@accessKeyId, @root, @userName, @secret, @tokenHash, @sessionPolicy, @now, @expiresAt)
            """, new { accessKeyId, root, userName, secret = secrets.Protect(secretKey), tokenHash = SessionTokens.Hash(token), sessionPolicy, now, expiresAt },
            tx).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return new NewSession(accessKeyId, secretKey, token, root, userName, FromMs(expiresAt));
    }

    /// <summary>The credential of temporary keys (with their token hash, expiry and session policy), or null.</summary>
    private async Task<SigningCredential?> LoadSessionCredentialAsync(DbConnection connection, string accessKeyId, CancellationToken ct)
    {
        var row = await connection.QuerySingleOrDefaultAsync<SessionRow>(new CommandDefinition("""
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

    private sealed class SessionRow
    {
        public string SecretProtected { get; set; } = "";
        public string Root { get; set; } = "";
        public string UserName { get; set; } = "";
        public bool IsRoot { get; set; }
        public string TokenHash { get; set; } = "";
        public string? Policy { get; set; }
        public long ExpiresAt { get; set; }
    }
}
