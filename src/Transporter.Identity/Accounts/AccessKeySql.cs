using System.Data.Common;
using Dapper;
using Transporter.Core.Security;

namespace Transporter.Identity.Accounts;

/// <summary>Key writes that a new root makes in the same transaction as its root user (and a new key in its own).</summary>
internal static class AccessKeySql
{
    public const string Select =
        "SELECT access_key_id AS AccessKeyId, root_name AS Root, user_name AS UserName, created_at AS CreatedAt FROM identity_access_keys";

    /// <summary>Conflict when the key id is taken (by any root).</summary>
    public static async Task EnsureFreeAsync(DbConnection connection, DbTransaction tx, string accessKeyId)
    {
        if (await connection.ExecuteScalarAsync<int>(
                "SELECT COUNT(*) FROM identity_access_keys WHERE access_key_id = @accessKeyId", new { accessKeyId }, tx).ConfigureAwait(false) > 0)
            throw new IdentityException(IdentityErrorKind.Conflict, $"The access key {accessKeyId} already exists.");
    }

    /// <summary>Stores the key with its secret encrypted.</summary>
    public static async Task InsertAsync(DbConnection connection, DbTransaction tx, SecretProtector secrets, string accessKeyId, string secretKey,
        string root, string userName, long now) =>
        await connection.ExecuteAsync(
            "INSERT INTO identity_access_keys (access_key_id, root_name, user_name, secret_protected, created_at) VALUES (@accessKeyId, @root, @userName, @secret, @now)",
            new { accessKeyId, root, userName, secret = secrets.Protect(secretKey), now }, tx).ConfigureAwait(false);
}
