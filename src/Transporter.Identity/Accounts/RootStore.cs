using System.Data.Common;
using Dapper;
using static Transporter.Core.Persistence.UnixTime;

namespace Transporter.Identity.Accounts;

/// <summary>Roots (tenants): created with their root user and that user's first key in one transaction, listed, and
/// deleted with their users and keys.</summary>
public sealed class RootStore(IdentityDatabase db)
{
    /// <summary>Creates a root with its root user and that user's first access key (generated unless given).</summary>
    public async Task<CreatedRoot> CreateRootAsync(string name, string rootUserName, string? accessKeyId = null, string? secretKey = null,
        CancellationToken ct = default)
    {
        IdentityNames.ValidateRoot(name);
        IdentityNames.ValidateUser(rootUserName);
        accessKeyId ??= CredentialGenerator.NewAccessKeyId();
        secretKey ??= CredentialGenerator.NewSecretKey();
        IdentityNames.ValidateAccessKey(accessKeyId, secretKey);

        var now = db.NowMs();
        var rootId = CredentialGenerator.NewNumericId();
        var userId = CredentialGenerator.NewNumericId();
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        if (await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM identity_roots WHERE name = @name", new { name }, tx).ConfigureAwait(false) > 0)
            throw new IdentityException(IdentityErrorKind.Conflict, $"The root '{name}' already exists.");
        await AccessKeySql.EnsureFreeAsync(connection, tx, accessKeyId).ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync(
                "INSERT INTO identity_roots (name, id, created_at) VALUES (@name, @rootId, @now)", new { name, rootId, now }, tx).ConfigureAwait(false);
            await connection.ExecuteAsync(
                "INSERT INTO identity_users (root_name, user_name, id, is_root, created_at) VALUES (@name, @rootUserName, @userId, @isRoot, @now)",
                new { name, rootUserName, userId, isRoot = true, now }, tx).ConfigureAwait(false);
            await AccessKeySql.InsertAsync(connection, tx, db.Secrets, accessKeyId, secretKey, name, rootUserName, now).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
        }
        catch (DbException e) when (IdentityDatabase.IsUniqueViolation(e))
        {
            throw new IdentityException(IdentityErrorKind.Conflict, $"The root '{name}' or the access key already exists.");
        }
        db.OnAccessKeyChanged(accessKeyId);
        var created = FromMs(now);
        return new CreatedRoot(
            new RootInfo(name, rootId, rootUserName, created),
            new UserInfo(name, rootUserName, userId, true, created),
            new NewAccessKey(accessKeyId, secretKey, name, rootUserName, created));
    }

    public async Task<IReadOnlyList<RootInfo>> ListRootsAsync(CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<RootRow>(new CommandDefinition(RootSql.Select + " ORDER BY r.name", cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => r.ToInfo()).ToList();
    }

    public async Task<RootInfo?> GetRootAsync(string name, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<RootRow>(
            new CommandDefinition(RootSql.Select + " WHERE r.name = @name", new { name }, cancellationToken: ct)).ConfigureAwait(false);
        return row?.ToInfo();
    }

    /// <summary>Deletes a root with its users and their keys (ostor-users delete); the caller makes sure it owns no
    /// buckets. Its keys stop signing at once in this process.</summary>
    public async Task DeleteRootAsync(string name, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var keys = (await connection.QueryAsync<string>(
            "SELECT access_key_id FROM identity_access_keys WHERE root_name = @name", new { name }, tx).ConfigureAwait(false)).ToList();
        await connection.ExecuteAsync("DELETE FROM identity_access_keys WHERE root_name = @name", new { name }, tx).ConfigureAwait(false);
        await connection.ExecuteAsync("DELETE FROM identity_users WHERE root_name = @name", new { name }, tx).ConfigureAwait(false);
        var deleted = await connection.ExecuteAsync("DELETE FROM identity_roots WHERE name = @name", new { name }, tx).ConfigureAwait(false);
        if (deleted == 0) throw new IdentityException(IdentityErrorKind.NotFound, $"The root '{name}' does not exist.");
        await tx.CommitAsync(ct).ConfigureAwait(false);
        foreach (var key in keys) db.OnAccessKeyChanged(key);
    }
}
