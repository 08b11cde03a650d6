using Transporter.Core.Persistence;

namespace Transporter.Core.Plans.Persistence;

/// <summary>
/// The plan tables (component "plans"). Same SQL on SQLite and PostgreSQL and the same conventions as the migration
/// tables: GUID ids as TEXT, times as BIGINT Unix milliseconds, keys in byte order. <c>distribution</c> holds the
/// 12 bin counters as a JSON array; <c>last_key</c> and the counters are the scan's checkpoint.
/// </summary>
internal static class PlanSchema
{
    public const string Component = "plans";

    public static readonly SchemaStep[] Steps =
    [
        new(1, d => $"""
            CREATE TABLE IF NOT EXISTS plans (
                id TEXT PRIMARY KEY,
                root TEXT NOT NULL,
                username TEXT NOT NULL,
                sync BOOLEAN NOT NULL,
                sync_mode TEXT NOT NULL,
                skip_verify BOOLEAN NOT NULL,
                source TEXT NOT NULL,
                destination TEXT NOT NULL,
                secrets TEXT NOT NULL,
                migration_id TEXT NULL,
                since BIGINT NULL,
                status TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                started_at BIGINT NULL,
                ended_at BIGINT NULL,
                updated_at BIGINT NOT NULL,
                last_key TEXT{d.BinaryCollation} NULL,
                tot_objects BIGINT NOT NULL,
                tot_size BIGINT NOT NULL,
                distribution TEXT NOT NULL,
                scanner_owner TEXT NULL,
                scanner_lease_until BIGINT NULL
            );
            CREATE INDEX IF NOT EXISTS plans_by_owner ON plans (root, username, created_at);
            CREATE INDEX IF NOT EXISTS plans_by_status ON plans (status);

            CREATE TABLE IF NOT EXISTS plan_errors (
                id {d.Identity},
                plan_id TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
                message TEXT NOT NULL,
                at BIGINT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS plan_errors_by_plan ON plan_errors (plan_id, id);
            """),
        // The plan's filters (ObjectFilter JSON); NULL counts every object.
        new(2, _ => "ALTER TABLE plans ADD COLUMN filters TEXT NULL;"),
        // Bytes per size bin (JSON array like distribution), what a time estimate needs; NULL for plans counted before.
        new(3, _ => "ALTER TABLE plans ADD COLUMN distribution_bytes TEXT NULL;"),
    ];
}
