using System.Data.Common;
using Dapper;

namespace Transporter.Identity.Accounts;

/// <summary>Policy reads that both policy stores make inside their own transactions (an attachment names an existing policy).</summary>
internal static class PolicySql
{
    public const string Select = """
        SELECT p.root_name AS Root, p.name AS Name, p.id AS Id, p.path AS Path, p.description AS Description,
               p.default_version AS DefaultVersionId, p.next_version AS NextVersion, p.created_at AS CreatedAt, p.updated_at AS UpdatedAt,
               (SELECT COUNT(*) FROM identity_user_policies c WHERE c.root_name = p.root_name AND c.policy_name = p.name) AS AttachmentCount
        FROM identity_policies p
        """;

    public static async Task<PolicyRow?> FindAsync(DbConnection connection, DbTransaction? tx, string root, string name) =>
        await connection.QuerySingleOrDefaultAsync<PolicyRow>(
            Select + " WHERE p.root_name = @root AND p.name = @name", new { root, name }, tx).ConfigureAwait(false);

    public static IdentityException NoSuchPolicy(string name) => new(IdentityErrorKind.NotFound, $"Policy {name} does not exist or is not attachable.");
}
