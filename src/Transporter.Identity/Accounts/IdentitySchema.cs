using Transporter.Core.Persistence;

namespace Transporter.Identity.Accounts;

/// <summary>The identity tables (component "identity"): roots own users, users own access keys.</summary>
internal static class IdentitySchema
{
    public const string Component = "identity";

    public static readonly SchemaStep[] Steps =
    [
        new(1, _ => """
            CREATE TABLE IF NOT EXISTS identity_roots (
                name TEXT PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                created_at BIGINT NOT NULL
            );
            CREATE TABLE IF NOT EXISTS identity_users (
                root_name TEXT NOT NULL REFERENCES identity_roots (name) ON DELETE CASCADE,
                user_name TEXT NOT NULL,
                id TEXT NOT NULL UNIQUE,
                is_root BOOLEAN NOT NULL,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (root_name, user_name)
            );
            CREATE UNIQUE INDEX IF NOT EXISTS identity_users_one_root_user ON identity_users (root_name) WHERE is_root;
            CREATE TABLE IF NOT EXISTS identity_access_keys (
                access_key_id TEXT PRIMARY KEY,
                root_name TEXT NOT NULL,
                user_name TEXT NOT NULL,
                secret_protected TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                FOREIGN KEY (root_name, user_name) REFERENCES identity_users (root_name, user_name) ON DELETE CASCADE
            );
            CREATE INDEX IF NOT EXISTS identity_access_keys_by_user ON identity_access_keys (root_name, user_name);
            """),
    ];
}
