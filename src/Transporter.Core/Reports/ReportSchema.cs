using Transporter.Core.Persistence;

namespace Transporter.Core.Reports;

/// <summary>
/// The report tables (component "reports"), applied after the migration tables they refer to. One
/// report_preparations row per migration: the preparation in progress (its lease) and the latest bundle with its
/// download token (stored hashed).
/// </summary>
internal static class ReportSchema
{
    public const string Component = "reports";

    public static readonly SchemaStep[] Steps =
    [
        new(1, _ => """
            CREATE TABLE IF NOT EXISTS report_preparations (
                migration_id TEXT PRIMARY KEY REFERENCES migrations (id) ON DELETE CASCADE,
                run_id TEXT NOT NULL,
                state TEXT NOT NULL,
                owner TEXT NULL,
                lease_until BIGINT NULL,
                requested_at BIGINT NOT NULL,
                finished_at BIGINT NULL,
                error TEXT NULL,
                bundle TEXT NULL,
                token_hash TEXT NULL,
                expires_at BIGINT NULL
            );
            CREATE INDEX IF NOT EXISTS report_preparations_by_expiry ON report_preparations (expires_at);
            """),
    ];
}
