using Dapper;

namespace Transporter.Identity.Accounts;

public sealed partial class IdentityStore
{
    /// <summary>Creates a (non-root) user of <paramref name="root"/>, without keys.</summary>
    public async Task<UserInfo> CreateUserAsync(string root, string userName, CancellationToken ct = default)
    {
        IdentityNames.ValidateUser(userName);
        var now = NowMs();
        var id = CredentialGenerator.NewNumericId();
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        if (await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM identity_roots WHERE name = @root", new { root }, tx).ConfigureAwait(false) == 0)
            throw new IdentityException(IdentityErrorKind.NotFound, $"The root '{root}' does not exist.");
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
        catch (System.Data.Common.DbException e) when (IsUniqueViolation(e))
        {
            throw new IdentityException(IdentityErrorKind.Conflict, $"The user '{userName}' of root '{root}' already exists.");
        }
        return new UserInfo(root, userName, id, false, FromMs(now));
    }

    public async Task<IReadOnlyList<UserInfo>> ListUsersAsync(string root, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        if (await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM identity_roots WHERE name = @root", new { root }).ConfigureAwait(false) == 0)
            throw new IdentityException(IdentityErrorKind.NotFound, $"The root '{root}' does not exist.");
        var rows = await connection.QueryAsync<UserRow>(new CommandDefinition(
            UserSelect + " WHERE root_name = @root ORDER BY user_name", new { root }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => r.ToInfo()).ToList();
    }

    public async Task<UserInfo?> GetUserAsync(string root, string userName, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            UserSelect + " WHERE root_name = @root AND user_name = @userName", new { root, userName }, cancellationToken: ct)).ConfigureAwait(false);
        return row?.ToInfo();
    }

    private const string UserSelect =
        "SELECT root_name AS Root, user_name AS UserName, id AS Id, is_root AS IsRoot, created_at AS CreatedAt FROM identity_users";

    private sealed class UserRow
    {
        public string Root { get; set; } = "";
        public string UserName { get; set; } = "";
        public string Id { get; set; } = "";
        public bool IsRoot { get; set; }
        public long CreatedAt { get; set; }

        public UserInfo ToInfo() => new(Root, UserName, Id, IsRoot, FromMs(CreatedAt));
    }
}
