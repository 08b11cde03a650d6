using Transporter.Core.Persistence;

namespace Transporter.Identity.Accounts;

/// <summary>The identity tables (component "identity"): roots own users, users own access keys; roots own managed
/// policies (each with up to five versions, one the default) that are attached to users; users own STS sessions
/// (temporary keys with a session token and an optional session policy); every IAM and STS call is audited; users
/// have a password (step 5), a profile (step 6: names, type, sign-in method) TOTP two-factor sign-in (step 7) and password reset tokens (step 8).</summary>
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
        new(2, _ => """
            CREATE TABLE IF NOT EXISTS identity_policies (
                root_name TEXT NOT NULL REFERENCES identity_roots (name) ON DELETE CASCADE,
                name TEXT NOT NULL,
                id TEXT NOT NULL UNIQUE,
                path TEXT NOT NULL,
                description TEXT NOT NULL,
                default_version TEXT NOT NULL,
                next_version INTEGER NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (root_name, name)
            );
            CREATE TABLE IF NOT EXISTS identity_policy_versions (
                root_name TEXT NOT NULL,
                policy_name TEXT NOT NULL,
                version_id TEXT NOT NULL,
                document TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (root_name, policy_name, version_id),
                FOREIGN KEY (root_name, policy_name) REFERENCES identity_policies (root_name, name) ON DELETE CASCADE
            );
            CREATE TABLE IF NOT EXISTS identity_user_policies (
                root_name TEXT NOT NULL,
                user_name TEXT NOT NULL,
                policy_name TEXT NOT NULL,
                attached_at BIGINT NOT NULL,
                PRIMARY KEY (root_name, user_name, policy_name),
                FOREIGN KEY (root_name, user_name) REFERENCES identity_users (root_name, user_name) ON DELETE CASCADE,
                FOREIGN KEY (root_name, policy_name) REFERENCES identity_policies (root_name, name) ON DELETE CASCADE
            );
            CREATE INDEX IF NOT EXISTS identity_user_policies_by_policy ON identity_user_policies (root_name, policy_name);
            """),
        new(3, _ => """
            CREATE TABLE IF NOT EXISTS identity_sessions (
                access_key_id TEXT PRIMARY KEY,
                root_name TEXT NOT NULL,
                user_name TEXT NOT NULL,
                secret_protected TEXT NOT NULL,
                token_hash TEXT NOT NULL,
                policy TEXT,
                created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL,
                FOREIGN KEY (root_name, user_name) REFERENCES identity_users (root_name, user_name) ON DELETE CASCADE
            );
            CREATE INDEX IF NOT EXISTS identity_sessions_by_expiry ON identity_sessions (expires_at);
            """),
        new(4, dialect => $"""
            CREATE TABLE IF NOT EXISTS identity_audit (
                id {dialect.Identity},
                root_name TEXT NOT NULL,
                user_name TEXT NOT NULL,
                access_key_id TEXT NOT NULL,
                service TEXT NOT NULL,
                action TEXT NOT NULL,
                source_ip TEXT,
                allowed BOOLEAN NOT NULL,
                error_code TEXT,
                at BIGINT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS identity_audit_by_root ON identity_audit (root_name, at);
            """),
        new(5, _ => """
            CREATE TABLE IF NOT EXISTS identity_passwords (
                root_name TEXT NOT NULL,
                user_name TEXT NOT NULL,
                hash TEXT NOT NULL,
                must_change BOOLEAN NOT NULL,
                changed_at BIGINT NOT NULL,
                PRIMARY KEY (root_name, user_name),
                FOREIGN KEY (root_name, user_name) REFERENCES identity_users (root_name, user_name) ON DELETE CASCADE
            );
            """),
        new(6, _ => """
            CREATE TABLE IF NOT EXISTS identity_user_profiles (
                root_name TEXT NOT NULL,
                user_name TEXT NOT NULL,
                first_name TEXT NOT NULL,
                last_name TEXT NOT NULL,
                user_type TEXT,
                auth_method TEXT NOT NULL,
                PRIMARY KEY (root_name, user_name),
                FOREIGN KEY (root_name, user_name) REFERENCES identity_users (root_name, user_name) ON DELETE CASCADE
            );
            """),
        new(7, _ => """
            CREATE TABLE IF NOT EXISTS identity_tfa (
                root_name TEXT NOT NULL,
                user_name TEXT NOT NULL,
                secret_protected TEXT,
                pending_protected TEXT,
                pending_at BIGINT,
                recovery_hashes TEXT NOT NULL,
                PRIMARY KEY (root_name, user_name),
                FOREIGN KEY (root_name, user_name) REFERENCES identity_users (root_name, user_name) ON DELETE CASCADE
            );
            """),
        new(8, _ => """
            CREATE TABLE IF NOT EXISTS identity_password_resets (
                token_hash TEXT PRIMARY KEY,
                root_name TEXT NOT NULL,
                user_name TEXT NOT NULL,
                expires_at BIGINT NOT NULL,
                FOREIGN KEY (root_name, user_name) REFERENCES identity_users (root_name, user_name) ON DELETE CASCADE
            );
            """),
    ];
}
