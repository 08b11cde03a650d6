using System.Data.Common;
using Dapper;

namespace Transporter.Identity.Accounts;

/// <summary>User reads that every family's operations make inside their own transactions (keys, passwords, two-factor
/// sign-in, sessions and attachments belong to an existing user).</summary>
internal static class UserSql
{
    public const string Select =
        "SELECT root_name AS Root, user_name AS UserName, id AS Id, is_root AS IsRoot, created_at AS CreatedAt FROM identity_users";

    /// <summary>NotFound unless the user exists.</summary>
    public static async Task RequireAsync(DbConnection connection, DbTransaction? tx, string root, string userName)
    {
        if (await connection.ExecuteScalarAsync<int>(
                "SELECT COUNT(*) FROM identity_users WHERE root_name = @root AND user_name = @userName", new { root, userName }, tx).ConfigureAwait(false) == 0)
            throw new IdentityException(IdentityErrorKind.NotFound, $"The user '{userName}' of root '{root}' does not exist.");
    }
}
