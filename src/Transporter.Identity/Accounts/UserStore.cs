using System.Data.Common;
using Dapper;
using static Transporter.Core.Persistence.UnixTime;

namespace Transporter.Identity.Accounts;

/// <summary>The users of a root and their profiles. A user is deleted only once its keys are deleted and its policies
/// detached, as IAM's spec says.</summary>
public sealed class UserStore(IdentityDatabase db)
{
    /// <summary>Creates a (non-root) user of <paramref name="root"/>, without keys.</summary>
    public async Task<UserInfo> CreateUserAsync(string root, string userName, CancellationToken ct = default)
    {
        IdentityNames.ValidateUser(userName);
        var now = db.NowMs();
        var id = CredentialGenerator.NewNumericId();
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await RootSql.RequireAsync(connection, tx, root).ConfigureAwait(false);
        if (await connection.ExecuteScalarAsync<int>(
                "SELECT COUNT(*) FROM identity_users WHERE root_name = @root AND user_name = @userName", new { root, userName }, tx).ConfigureAwait(false) > 0)
            throw new IdentityException(IdentityErrorKind.Conflict, $"The user '{userName}' of root '{root}' already exists.");
        try
        {
            await connection.ExecuteAsync(
                "INSERT INTO identity_users (root_name, user_name, id, is_root, created_at) VALUES (@root, @userName, @id, @isRoot, @now)",
                new { root, userName, id, isRoot = false, now }, tx).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
        }
        catch (DbException e) when (IdentityDatabase.IsUniqueViolation(e))
        {
            throw new IdentityException(IdentityErrorKind.Conflict, $"The user '{userName}' of root '{root}' already exists.");
        }
        return new UserInfo(root, userName, id, false, FromMs(now));
    }

    /// <summary>
    /// Deletes a user as IAM's spec allows: never the root user, never the caller itself, and only once its access keys
    /// are deleted and its policies detached (DeleteConflict otherwise).
    /// </summary>
    public async Task DeleteUserAsync(string root, string userName, string callerUserName, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var user = await connection.QuerySingleOrDefaultAsync<UserRow>(
            UserSql.Select + " WHERE root_name = @root AND user_name = @userName", new { root, userName }, tx).ConfigureAwait(false)
            ?? throw new IdentityException(IdentityErrorKind.NotFound, $"The user with name {userName} cannot be found.");
        if (user.IsRoot) throw new IdentityException(IdentityErrorKind.DeleteConflict, "The root user cannot be deleted.");
        if (userName == callerUserName) throw new IdentityException(IdentityErrorKind.DeleteConflict, "A user cannot delete itself.");
        if (await connection.ExecuteScalarAsync<int>(
                "SELECT COUNT(*) FROM identity_access_keys WHERE root_name = @root AND user_name = @userName", new { root, userName }, tx).ConfigureAwait(false) > 0)
            throw new IdentityException(IdentityErrorKind.DeleteConflict, "Cannot delete entity, must delete access keys first.");
        if (await connection.ExecuteScalarAsync<int>(
                "SELECT COUNT(*) FROM identity_user_policies WHERE root_name = @root AND user_name = @userName", new { root, userName }, tx).ConfigureAwait(false) > 0)
            throw new IdentityException(IdentityErrorKind.DeleteConflict, "Cannot delete entity, must detach all policies first.");
        await connection.ExecuteAsync(
            "DELETE FROM identity_users WHERE root_name = @root AND user_name = @userName", new { root, userName }, tx).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<UserInfo>> ListUsersAsync(string root, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await RootSql.RequireAsync(connection, null, root).ConfigureAwait(false);
        var rows = await connection.QueryAsync<UserRow>(new CommandDefinition(
            UserSql.Select + " WHERE root_name = @root ORDER BY user_name", new { root }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => r.ToInfo()).ToList();
    }

    public async Task<UserInfo?> GetUserAsync(string root, string userName, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            UserSql.Select + " WHERE root_name = @root AND user_name = @userName", new { root, userName }, cancellationToken: ct)).ConfigureAwait(false);
        return row?.ToInfo();
    }

    /// <summary>The user's profile (its defaults when none was set); NotFound for an unknown user.</summary>
    public async Task<UserProfile> GetProfileAsync(string root, string userName, CancellationToken ct = default)
    {
        var user = await GetUserAsync(root, userName, ct).ConfigureAwait(false)
                   ?? throw new IdentityException(IdentityErrorKind.NotFound, $"The user with name {userName} cannot be found.");
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<ProfileRow>(new CommandDefinition("""
            SELECT first_name AS FirstName, last_name AS LastName, user_type AS UserType, auth_method AS AuthMethod
            FROM identity_user_profiles WHERE root_name = @root AND user_name = @userName
            """, new { root, userName }, cancellationToken: ct)).ConfigureAwait(false);
        var fallback = UserProfile.Default(user.IsRoot);
        return row is null ? fallback : new UserProfile(row.FirstName, row.LastName, user.IsRoot ? "root" : row.UserType ?? fallback.Type, row.AuthMethod);
    }

    /// <summary>Sets the given parts of a user's profile (null: unchanged). The root user's type is always "root", and
    /// no other user can be made one.</summary>
    public async Task SetProfileAsync(string root, string userName, string? firstName, string? lastName, string? type, string? authMethod,
        CancellationToken ct = default)
    {
        if (firstName is { Length: > 64 } || lastName is { Length: > 64 })
            throw new IdentityException(IdentityErrorKind.Invalid, "A first or last name is at most 64 characters.");
        if (type is not null && !UserProfile.Types.Contains(type))
            throw new IdentityException(IdentityErrorKind.Invalid, $"Type must be one of {string.Join(", ", UserProfile.Types)}.");
        if (authMethod is not null && !UserProfile.AuthMethods.Contains(authMethod))
            throw new IdentityException(IdentityErrorKind.Invalid, $"AuthMethod must be one of {string.Join(", ", UserProfile.AuthMethods)}.");
        var current = await GetProfileAsync(root, userName, ct).ConfigureAwait(false);
        var isRoot = (await GetUserAsync(root, userName, ct).ConfigureAwait(false))!.IsRoot;
        if (type is not null && (type == "root") != isRoot)
            throw new IdentityException(IdentityErrorKind.Invalid, isRoot ? "The root user's type is root." : "Only the root user is of type root.");
        var next = new UserProfile(firstName ?? current.FirstName, lastName ?? current.LastName, type ?? current.Type, authMethod ?? current.AuthMethod);
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO identity_user_profiles (root_name, user_name, first_name, last_name, user_type, auth_method)
            VALUES (@root, @userName, @first, @last, @type, @method)
            ON CONFLICT (root_name, user_name) DO UPDATE SET first_name = excluded.first_name, last_name = excluded.last_name,
                user_type = excluded.user_type, auth_method = excluded.auth_method
            """, new { root, userName, first = next.FirstName, last = next.LastName, type = next.Type, method = next.AuthMethod },
            cancellationToken: ct)).ConfigureAwait(false);
    }
}
