using Transporter.Core.Persistence;

namespace Transporter.Core.SavedBuckets;

/// <summary>The saved bucket table (component "saved-buckets"), one row per root and bucket name; the secret columns
/// hold <see cref="Security.SecretProtector"/> ciphertext.</summary>
internal static class SavedBucketSchema
{
    public const string Component = "saved-buckets";

    public static readonly SchemaStep[] Steps =
    [
        new(1, _ => """
            CREATE TABLE IF NOT EXISTS saved_buckets (
                root_name TEXT NOT NULL,
                bucket_name TEXT NOT NULL,
                cloud TEXT NOT NULL,
                endpoint TEXT,
                region TEXT,
                access_key_id TEXT,
                secret_protected TEXT,
                access_role TEXT,
                access_role_ext TEXT,
                shared_secret_protected TEXT,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (root_name, bucket_name));
            """),
    ];
}
