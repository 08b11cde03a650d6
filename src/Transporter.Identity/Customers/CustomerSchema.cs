using Transporter.Core.Persistence;

namespace Transporter.Identity.Customers;

/// <summary>The reseller side of identity (component "customers"), kept apart from the identity tables: which roots are
/// customers of which reseller with their settings (step 1), and which services each customer may use (step 1).</summary>
internal static class CustomerSchema
{
    public const string Component = "customers";

    public static readonly SchemaStep[] Steps =
    [
        new(1, _ => """
            CREATE TABLE IF NOT EXISTS customer_accounts (
                root_name TEXT PRIMARY KEY,
                reseller TEXT NOT NULL,
                email TEXT NOT NULL,
                status TEXT NOT NULL,
                suspended_at BIGINT NULL,
                assume_role_control TEXT NOT NULL,
                assume_role_enabled BOOLEAN NOT NULL,
                replication_enforcement BOOLEAN NOT NULL,
                regions TEXT NOT NULL,
                restrict_service_access BOOLEAN NOT NULL,
                created_at BIGINT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS customer_accounts_by_reseller ON customer_accounts (reseller);
            CREATE TABLE IF NOT EXISTS customer_services (
                root_name TEXT NOT NULL,
                service TEXT NOT NULL,
                enabled BOOLEAN NOT NULL,
                expires_at BIGINT NULL,
                PRIMARY KEY (root_name, service)
            );
            """),
        new(2, _ => """
            CREATE TABLE IF NOT EXISTS customer_whitelist_rules (
                id TEXT PRIMARY KEY,
                root_name TEXT NOT NULL,
                sub_net TEXT NOT NULL,
                regions TEXT NOT NULL,
                notes TEXT NOT NULL,
                ttl_days INTEGER NULL,
                status TEXT NOT NULL,
                inserted_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                expires_at BIGINT NULL
            );
            CREATE INDEX IF NOT EXISTS customer_whitelist_rules_by_root ON customer_whitelist_rules (root_name);
            """),
        new(3, _ => """
            CREATE TABLE IF NOT EXISTS customer_saml_connections (
                root_name TEXT PRIMARY KEY,
                metadata_xml TEXT NOT NULL,
                expires_at BIGINT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            );
            """),
    ];
}
