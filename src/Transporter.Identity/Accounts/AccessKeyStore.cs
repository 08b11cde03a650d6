using System.Data.Common;
using Dapper;
using static Transporter.Core.Persistence.UnixTime;

namespace Transporter.Identity.Accounts;

/// <summary>Users' access keys: created (generated or imported), listed without secrets, deleted, re-keyed, and the
/// credential a signature is checked with (long-term keys and STS sessions' temporary keys alike).</summary>
public sealed class AccessKeyStore(IdentityDatabase db)
{
    /// <summary>Raised with the access key id after a key was created, deleted or given a new secret in this process
    /// (roots' creation and deletion included), so caches drop it at once (other processes converge by the cache's
    /// time to live).</summary>
    public event Action<string>? AccessKeyChanged
    {
        add => db.AccessKeyChanged += value;
        remove => db.AccessKeyChanged -= value;
    }

    /// <summary>Gives a user a new access key: generated, or imported when both id and secret are given.</summary>
    public async Task<NewAccessKey> CreateAccessKeyAsync(string root, string userName, string? accessKeyId = null, string? secretKey = null,
        CancellationToken ct = default)
    {
        if ((accessKeyId is null) != (secretKey is null))
            throw new IdentityException(IdentityErrorKind.Invalid, "Give both the access key id and its secret to import a key, or neither to generate one.");
        accessKeyId ??= CredentialGenerator.NewAccessKeyId();
        secretKey ??= CredentialGenerator.NewSecretKey();
        IdentityNames.ValidateAccessKey(accessKeyId, secretKey);
        var now = db.NowMs();
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await UserSql.RequireAsync(connection, tx, root, userName).ConfigureAwait(false);
        await AccessKeySql.EnsureFreeAsync(connection, tx, accessKeyId).ConfigureAwait(false);
        try
        {
            await AccessKeySql.InsertAsync(connection, tx, db.Secrets, accessKeyId, secretKey, root, userName, now).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
        }
        catch (DbException e) when (IdentityDatabase.IsUniqueViolation(e))
        {
            throw new IdentityException(IdentityErrorKind.Conflict, $"The access key {accessKeyId} already exists.");
        }
        db.OnAccessKeyChanged(accessKeyId);
        return new NewAccessKey(accessKeyId, secretKey, root, userName, FromMs(now));
    }

    /// <summary>The keys of a root, or of one of its users; never with secrets.</summary>
    public async Task<IReadOnlyList<AccessKeyInfo>> ListAccessKeysAsync(string root, string? userName = null, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        if (userName is not null) await UserSql.RequireAsync(connection, null, root, userName).ConfigureAwait(false);
        var rows = await connection.QueryAsync<AccessKeyRow>(new CommandDefinition(
            AccessKeySql.Select + " WHERE root_name = @root AND (@userName IS NULL OR user_name = @userName) ORDER BY user_name, created_at, access_key_id",
            new { root, userName }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => r.ToInfo()).ToList();
    }

    public async Task<AccessKeyInfo?> GetAccessKeyAsync(string accessKeyId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<AccessKeyRow>(new CommandDefinition(
            AccessKeySql.Select + " WHERE access_key_id = @accessKeyId", new { accessKeyId }, cancellationToken: ct)).ConfigureAwait(false);
        return row?.ToInfo();
    }

    /// <summary>Deletes a key of the given user; signatures made with it fail from now on (in this process at once).</summary>
    public async Task DeleteAccessKeyAsync(string root, string userName, string accessKeyId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM identity_access_keys WHERE access_key_id = @accessKeyId AND root_name = @root AND user_name = @userName",
            new { accessKeyId, root, userName }, cancellationToken: ct)).ConfigureAwait(false);
        if (deleted == 0)
            throw new IdentityException(IdentityErrorKind.NotFound, $"The user '{userName}' of root '{root}' has no access key {accessKeyId}.");
        db.OnAccessKeyChanged(accessKeyId);
    }

    /// <summary>Replaces the secret of an existing key (the bootstrap key after TRANSPORTER_ROOT_SECRET_KEY changed).</summary>
    public async Task SetSecretAsync(string accessKeyId, string secretKey, CancellationToken ct = default)
    {
        IdentityNames.ValidateAccessKey(accessKeyId, secretKey);
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE identity_access_keys SET secret_protected = @secret WHERE access_key_id = @accessKeyId",
            new { accessKeyId, secret = db.Secrets.Protect(secretKey) }, cancellationToken: ct)).ConfigureAwait(false);
        if (updated == 0) throw new IdentityException(IdentityErrorKind.NotFound, $"No access key {accessKeyId}.");
        db.OnAccessKeyChanged(accessKeyId);
    }

    /// <summary>The plaintext secret and owner of a key (long-term or an STS session's), straight from the database
    /// (callers go through the cache).</summary>
    public async Task<SigningCredential?> LoadCredentialAsync(string accessKeyId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<CredentialRow>(new CommandDefinition("""
            SELECT k.secret_protected AS SecretProtected, k.root_name AS Root, k.user_name AS UserName, u.is_root AS IsRoot
            FROM identity_access_keys k
            JOIN identity_users u ON u.root_name = k.root_name AND u.user_name = k.user_name
            WHERE k.access_key_id = @accessKeyId
            """, new { accessKeyId }, cancellationToken: ct)).ConfigureAwait(false);
        if (row is null) return await SessionSql.LoadCredentialAsync(connection, db.Secrets, accessKeyId, ct).ConfigureAwait(false);
        return new SigningCredential(new Caller(row.Root, row.UserName, accessKeyId, row.IsRoot), db.Secrets.Unprotect(row.SecretProtected));
    }
}
