using System.Data.Common;
using Dapper;

namespace Transporter.Identity.Accounts;

public sealed partial class IdentityStore
{
    /// <summary>Gives a user a new access key: generated, or imported when both id and secret are given.</summary>
    public async Task<NewAccessKey> CreateAccessKeyAsync(string root, string userName, string? accessKeyId = null, string? secretKey = null,
        CancellationToken ct = default)
    {
        if ((accessKeyId is null) != (secretKey is null))
            throw new IdentityException(IdentityErrorKind.Invalid, "Give both the access key id and its secret to import a key, or neither to generate one.");
        accessKeyId ??= CredentialGenerator.NewAccessKeyId();
        secretKey ??= CredentialGenerator.NewSecretKey();
        IdentityNames.ValidateAccessKey(accessKeyId, secretKey);
        var now = NowMs();
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await RequireUserAsync(connection, tx, root, userName).ConfigureAwait(false);
        await EnsureKeyIsFreeAsync(connection, tx, accessKeyId).ConfigureAwait(false);
        try
        {
            await InsertKeyAsync(connection, tx, accessKeyId, secretKey, root, userName, now).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
        }
        catch (DbException e) when (IsUniqueViolation(e))
        {
            throw new IdentityException(IdentityErrorKind.Conflict, $"The access key {accessKeyId} already exists.");
        }
        OnAccessKeyChanged(accessKeyId);
        return new NewAccessKey(accessKeyId, secretKey, root, userName, FromMs(now));
    }

    /// <summary>The keys of a root, or of one of its users; never with secrets.</summary>
    public async Task<IReadOnlyList<AccessKeyInfo>> ListAccessKeysAsync(string root, string? userName = null, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        if (userName is not null) await RequireUserAsync(connection, null, root, userName).ConfigureAwait(false);
        var rows = await connection.QueryAsync<KeyRow>(new CommandDefinition(
            KeySelect + " WHERE root_name = @root AND (@userName IS NULL OR user_name = @userName) ORDER BY user_name, created_at, access_key_id",
            new { root, userName }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => r.ToInfo()).ToList();
    }

    public async Task<AccessKeyInfo?> GetAccessKeyAsync(string accessKeyId, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<KeyRow>(new CommandDefinition(
            KeySelect + " WHERE access_key_id = @accessKeyId", new { accessKeyId }, cancellationToken: ct)).ConfigureAwait(false);
        return row?.ToInfo();
    }

    /// <summary>Deletes a key of the given user; signatures made with it fail from now on (in this process at once).</summary>
    public async Task DeleteAccessKeyAsync(string root, string userName, string accessKeyId, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM identity_access_keys WHERE access_key_id = @accessKeyId AND root_name = @root AND user_name = @userName",
            new { accessKeyId, root, userName }, cancellationToken: ct)).ConfigureAwait(false);
        if (deleted == 0)
            throw new IdentityException(IdentityErrorKind.NotFound, $"The user '{userName}' of root '{root}' has no access key {accessKeyId}.");
        OnAccessKeyChanged(accessKeyId);
    }

    /// <summary>Replaces the secret of an existing key (the bootstrap key after TRANSPORTER_ROOT_SECRET_KEY changed).</summary>
    public async Task SetSecretAsync(string accessKeyId, string secretKey, CancellationToken ct = default)
    {
        IdentityNames.ValidateAccessKey(accessKeyId, secretKey);
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE identity_access_keys SET secret_protected = @secret WHERE access_key_id = @accessKeyId",
            new { accessKeyId, secret = secrets.Protect(secretKey) }, cancellationToken: ct)).ConfigureAwait(false);
        if (updated == 0) throw new IdentityException(IdentityErrorKind.NotFound, $"No access key {accessKeyId}.");
        OnAccessKeyChanged(accessKeyId);
    }

    /// <summary>The plaintext secret and owner of a key, straight from the database (callers go through the cache).</summary>
    public async Task<SigningCredential?> LoadCredentialAsync(string accessKeyId, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<CredentialRow>(new CommandDefinition("""
            SELECT k.secret_protected AS SecretProtected, k.root_name AS Root, k.user_name AS UserName, u.is_root AS IsRoot
            FROM identity_access_keys k
            JOIN identity_users u ON u.root_name = k.root_name AND u.user_name = k.user_name
            WHERE k.access_key_id = @accessKeyId
            """, new { accessKeyId }, cancellationToken: ct)).ConfigureAwait(false);
        if (row is null) return null;
        return new SigningCredential(new Caller(row.Root, row.UserName, accessKeyId, row.IsRoot), secrets.Unprotect(row.SecretProtected));
    }

    private async Task InsertKeyAsync(DbConnection connection, DbTransaction tx, string accessKeyId, string secretKey, string root, string userName, long now) =>
        await connection.ExecuteAsync(
            "INSERT INTO identity_access_keys (access_key_id, root_name, user_name, secret_protected, created_at) VALUES (@accessKeyId, @root, @userName, @secret, @now)",
            new { accessKeyId, root, userName, secret = secrets.Protect(secretKey), now }, tx).ConfigureAwait(false);

    private static async Task EnsureKeyIsFreeAsync(DbConnection connection, DbTransaction tx, string accessKeyId)
    {
        if (await connection.ExecuteScalarAsync<int>(
                "SELECT COUNT(*) FROM identity_access_keys WHERE access_key_id = @accessKeyId", new { accessKeyId }, tx).ConfigureAwait(false) > 0)
            throw new IdentityException(IdentityErrorKind.Conflict, $"The access key {accessKeyId} already exists.");
    }

    private static async Task RequireUserAsync(DbConnection connection, DbTransaction? tx, string root, string userName)
    {
        if (await connection.ExecuteScalarAsync<int>(
                "SELECT COUNT(*) FROM identity_users WHERE root_name = @root AND user_name = @userName", new { root, userName }, tx).ConfigureAwait(false) == 0)
            throw new IdentityException(IdentityErrorKind.NotFound, $"The user '{userName}' of root '{root}' does not exist.");
    }

    private const string KeySelect =
        "SELECT access_key_id AS AccessKeyId, root_name AS Root, user_name AS UserName, created_at AS CreatedAt FROM identity_access_keys";

    private sealed class KeyRow
    {
        public string AccessKeyId { get; set; } = "";
        public string Root { get; set; } = "";
        public string UserName { get; set; } = "";
        public long CreatedAt { get; set; }

        public AccessKeyInfo ToInfo() => new(AccessKeyId, Root, UserName, FromMs(CreatedAt));
    }

    private sealed class CredentialRow
    {
        public string SecretProtected { get; set; } = "";
        public string Root { get; set; } = "";
        public string UserName { get; set; } = "";
        public bool IsRoot { get; set; }
    }
}
