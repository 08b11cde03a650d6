using Dapper;
using Transporter.Identity.Policies;
using static Transporter.Core.Persistence.UnixTime;

namespace Transporter.Identity.Accounts;

/// <summary>STS sessions: temporary keys that act as a user. They sign like access keys
/// (<see cref="AccessKeyStore.LoadCredentialAsync"/> finds them too).</summary>
public sealed class SessionStore(IdentityDatabase db)
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
        var now = db.NowMs();
        var expiresAt = now + (long)duration.TotalMilliseconds;
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await UserSql.RequireAsync(connection, tx, root, userName).ConfigureAwait(false);
        await connection.ExecuteAsync("DELETE FROM identity_sessions WHERE expires_at < @now", new { now }, tx).ConfigureAwait(false);
        await connection.ExecuteAsync("""
            INSERT INTO identity_sessions (access_key_id, root_name, user_name, secret_protected, token_hash, policy, created_at, expires_at)
            VALUES (@accessKeyId, @root, @userName, @secret, @tokenHash, @sessionPolicy, @now, @expiresAt)
            """, new { accessKeyId, root, userName, secret = db.Secrets.Protect(secretKey), tokenHash = SessionTokens.Hash(token), sessionPolicy, now, expiresAt },
            tx).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return new NewSession(accessKeyId, secretKey, token, root, userName, FromMs(expiresAt));
    }
}
