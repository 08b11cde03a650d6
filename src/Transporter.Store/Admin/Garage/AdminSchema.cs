using Transporter.Core.Persistence;

namespace Transporter.Store.Admin.Garage;

/// <summary>The admin API's own tables in the platform database: what Garage keeps about a key that the identity
/// store has no column for (its name, its createBucket permission), the roots ostor-users disabled, and local bucket
/// aliases.</summary>
internal static class AdminSchema
{
    public const string Component = "admin";

    public static readonly SchemaStep[] Steps =
    [
        new(1, _ => """
            CREATE TABLE IF NOT EXISTS admin_keys (
                access_key_id TEXT NOT NULL PRIMARY KEY,
                name TEXT NOT NULL,
                create_bucket INTEGER NOT NULL);
            """),
        // ostor-users disable/enable: the roots whose keys sign nothing while disabled.
        new(2, _ => """
            CREATE TABLE IF NOT EXISTS admin_disabled_roots (
                root_name TEXT NOT NULL PRIMARY KEY);
            """),
        // Local aliases (LocalBucketAliases): bucket names in one access key's namespace; the bucket by name and id.
        new(3, _ => """
            CREATE TABLE IF NOT EXISTS admin_local_aliases (
                access_key_id TEXT NOT NULL,
                alias TEXT NOT NULL,
                bucket_name TEXT NOT NULL,
                bucket_id TEXT NOT NULL,
                PRIMARY KEY (access_key_id, alias));
            """),
    ];
}
