using System.Data.Common;
using Dapper;

namespace Transporter.Identity.Accounts;

/// <summary>Root checks that other families' writes make inside their own transactions (a new user, a new policy).</summary>
internal static class RootSql
{
    public const string Select = """
        SELECT r.name AS Name, r.id AS Id, r.created_at AS CreatedAt,
               (SELECT u.user_name FROM identity_users u WHERE u.root_name = r.name AND u.is_root) AS RootUserName
        FROM identity_roots r
        """;

    /// <summary>NotFound unless the root exists.</summary>
    public static async Task RequireAsync(DbConnection connection, DbTransaction? tx, string root)
    {
        if (await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM identity_roots WHERE name = @root", new { root }, tx).ConfigureAwait(false) == 0)
            throw new IdentityException(IdentityErrorKind.NotFound, $"The root '{root}' does not exist.");
    }
}
