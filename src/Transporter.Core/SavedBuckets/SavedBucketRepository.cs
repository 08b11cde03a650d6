using Dapper;
using Transporter.Core.Persistence;
using Transporter.Core.Security;

namespace Transporter.Core.SavedBuckets;

/// <summary>Reads and writes a root's saved buckets; secrets are encrypted here and decrypted only by
/// <see cref="FindAsync"/> (for the process that opens the stores).</summary>
public sealed class SavedBucketRepository(Database db, SecretProtector secrets, TimeProvider clock)
{
    private readonly SchemaGate _schema = new(db, SavedBucketSchema.Component, SavedBucketSchema.Steps);

    /// <summary>Adds the entry, or replaces it whole (op=add of an existing name converts it, as the text's example 4 does).</summary>
    public async Task SaveAsync(SavedBucket bucket, CancellationToken ct = default)
    {
        await using var connection = await _schema.OpenAsync(ct).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO saved_buckets (root_name, bucket_name, cloud, endpoint, region, access_key_id, secret_protected, access_role,
                access_role_ext, shared_secret_protected, updated_at)
            VALUES (@Root, @BucketName, @Cloud, @Endpoint, @Region, @AccessKeyId, @Secret, @AccessRole, @AccessRoleExt, @Shared, @Now)
            ON CONFLICT (root_name, bucket_name) DO UPDATE SET cloud = @Cloud, endpoint = @Endpoint, region = @Region,
                access_key_id = @AccessKeyId, secret_protected = @Secret, access_role = @AccessRole, access_role_ext = @AccessRoleExt,
                shared_secret_protected = @Shared, updated_at = @Now
            """, new
        {
            bucket.Root, bucket.BucketName, bucket.Cloud, bucket.Endpoint, bucket.Region, bucket.AccessKeyId,
            Secret = Protect(bucket.SecretAccessKey), bucket.AccessRole, bucket.AccessRoleExt, Shared = Protect(bucket.SharedSecret),
            Now = clock.GetUtcNow().ToUnixTimeMilliseconds(),
        }, cancellationToken: ct)).ConfigureAwait(false);
    }

    /// <summary>The entry with its secrets in plaintext, or null.</summary>
    public async Task<SavedBucket?> FindAsync(string root, string bucketName, CancellationToken ct = default)
    {
        await using var connection = await _schema.OpenAsync(ct).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            Select + " WHERE root_name = @root AND bucket_name = @bucketName", new { root, bucketName }, cancellationToken: ct)).ConfigureAwait(false);
        return row?.ToBucket(secrets, withSecrets: true);
    }

    /// <summary>The root's entries without secrets, by name.</summary>
    public async Task<IReadOnlyList<SavedBucket>> ListAsync(string root, CancellationToken ct = default)
    {
        await using var connection = await _schema.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            Select + " WHERE root_name = @root ORDER BY bucket_name", new { root }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => r.ToBucket(secrets, withSecrets: false)).ToList();
    }

    /// <summary>Deletes the entry; false when there was none.</summary>
    public async Task<bool> DeleteAsync(string root, string bucketName, CancellationToken ct = default)
    {
        await using var connection = await _schema.OpenAsync(ct).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM saved_buckets WHERE root_name = @root AND bucket_name = @bucketName", new { root, bucketName }, cancellationToken: ct)).ConfigureAwait(false) > 0;
    }

    private string? Protect(string? secret) => string.IsNullOrEmpty(secret) ? null : secrets.Protect(secret);

    private const string Select = """
        SELECT root_name AS Root, bucket_name AS BucketName, cloud AS Cloud, endpoint AS Endpoint, region AS Region,
               access_key_id AS AccessKeyId, secret_protected AS SecretProtected, access_role AS AccessRole, access_role_ext AS AccessRoleExt,
               shared_secret_protected AS SharedProtected, updated_at AS UpdatedAt
        FROM saved_buckets
        """;

    private sealed class Row
    {
        public string Root { get; set; } = "";
        public string BucketName { get; set; } = "";
        public string Cloud { get; set; } = "";
        public string? Endpoint { get; set; }
        public string? Region { get; set; }
        public string? AccessKeyId { get; set; }
        public string? SecretProtected { get; set; }
        public string? AccessRole { get; set; }
        public string? AccessRoleExt { get; set; }
        public string? SharedProtected { get; set; }
        public long UpdatedAt { get; set; }

        public SavedBucket ToBucket(SecretProtector secrets, bool withSecrets) => new()
        {
            Root = Root, BucketName = BucketName, Cloud = Cloud, Endpoint = Endpoint, Region = Region, AccessKeyId = AccessKeyId,
            SecretAccessKey = withSecrets && SecretProtected is not null ? secrets.Unprotect(SecretProtected) : null,
            AccessRole = AccessRole, AccessRoleExt = AccessRoleExt,
            SharedSecret = withSecrets && SharedProtected is not null ? secrets.Unprotect(SharedProtected) : null,
            UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(UpdatedAt),
        };
    }
}
