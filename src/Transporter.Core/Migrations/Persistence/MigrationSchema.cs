using Transporter.Core.Persistence;

namespace Transporter.Core.Migrations.Persistence;

/// <summary>
/// The migration tables (component "migrations"; docs/migration-engine.md, "Persistence"). Same SQL on SQLite and
/// PostgreSQL: ids are TEXT (GUIDs in "D" form), times BIGINT Unix milliseconds, keys TEXT in byte order.
/// </summary>
internal static class MigrationSchema
{
    public const string Component = "migrations";

    public static readonly SchemaStep[] Steps =
    [
        new(1, d => $"""
            CREATE TABLE IF NOT EXISTS migrations (
                id TEXT PRIMARY KEY,
                root TEXT NOT NULL,
                username TEXT NOT NULL,
                kind TEXT NOT NULL,
                sync_mode TEXT NULL,
                source TEXT NOT NULL,
                destination TEXT NOT NULL,
                secrets TEXT NOT NULL,
                bandwidth_limit BIGINT NOT NULL,
                enable_statistics BOOLEAN NOT NULL,
                notifications TEXT NOT NULL,
                delete_after_upload BOOLEAN NOT NULL,
                skip_verify BOOLEAN NOT NULL,
                crontab TEXT NULL,
                parent_id TEXT NULL,
                plan_id TEXT NULL,
                paused BOOLEAN NOT NULL,
                created_at BIGINT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS migrations_by_owner ON migrations (root, username, created_at);

            CREATE TABLE IF NOT EXISTS migration_runs (
                id TEXT PRIMARY KEY,
                migration_id TEXT NOT NULL REFERENCES migrations (id) ON DELETE CASCADE,
                number INTEGER NOT NULL,
                state INTEGER NOT NULL,
                listing_completed BOOLEAN NOT NULL,
                last_key TEXT{d.BinaryCollation} NULL,
                next_batch_seq BIGINT NOT NULL,
                since BIGINT NULL,
                lister_owner TEXT NULL,
                lister_lease_until BIGINT NULL,
                created_at BIGINT NOT NULL,
                started_at BIGINT NULL,
                updated_at BIGINT NOT NULL,
                finished_at BIGINT NULL,
                files_found BIGINT NOT NULL,
                files_completed BIGINT NOT NULL,
                files_failed BIGINT NOT NULL,
                bytes_transmitted BIGINT NOT NULL,
                UNIQUE (migration_id, number)
            );
            CREATE INDEX IF NOT EXISTS migration_runs_by_state ON migration_runs (state);

            CREATE TABLE IF NOT EXISTS run_errors (
                id {d.Identity},
                run_id TEXT NOT NULL REFERENCES migration_runs (id) ON DELETE CASCADE,
                message TEXT NOT NULL,
                at BIGINT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS run_errors_by_run ON run_errors (run_id, id);

            CREATE TABLE IF NOT EXISTS copy_batches (
                id TEXT PRIMARY KEY,
                run_id TEXT NOT NULL REFERENCES migration_runs (id) ON DELETE CASCADE,
                seq BIGINT NOT NULL,
                items TEXT NOT NULL,
                item_count INTEGER NOT NULL,
                status TEXT NOT NULL,
                worker TEXT NULL,
                lease_until BIGINT NULL,
                published_at BIGINT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS copy_batches_by_run ON copy_batches (run_id, status);

            CREATE TABLE IF NOT EXISTS object_reports (
                run_id TEXT NOT NULL REFERENCES migration_runs (id) ON DELETE CASCADE,
                migration_id TEXT NOT NULL,
                object_key TEXT{d.BinaryCollation} NOT NULL,
                succeeded BOOLEAN NOT NULL,
                listed_size BIGINT NOT NULL,
                listed_etag TEXT NULL,
                listed_modified BIGINT NOT NULL,
                source_bucket TEXT NOT NULL,
                destination_bucket TEXT NOT NULL,
                start_time BIGINT NOT NULL,
                connection_duration DOUBLE PRECISION NOT NULL,
                copy_duration DOUBLE PRECISION NOT NULL,
                finish_time BIGINT NOT NULL,
                bytes_copied BIGINT NOT NULL,
                source_etag TEXT NOT NULL,
                destination_etag TEXT NOT NULL,
                tags_copied BOOLEAN NOT NULL,
                system_metadata_copied BOOLEAN NOT NULL,
                user_metadata_copied BOOLEAN NOT NULL,
                sse_enabled BOOLEAN NOT NULL,
                source_reading_err TEXT NOT NULL,
                destination_writing_err TEXT NOT NULL,
                lyve_writing_err TEXT NOT NULL,
                source_delete_err TEXT NOT NULL,
                PRIMARY KEY (run_id, object_key)
            );
            CREATE INDEX IF NOT EXISTS object_reports_by_outcome ON object_reports (run_id, succeeded, object_key);
            CREATE INDEX IF NOT EXISTS object_reports_by_migration ON object_reports (migration_id);

            CREATE TABLE IF NOT EXISTS migration_stats (
                migration_id TEXT NOT NULL REFERENCES migrations (id) ON DELETE CASCADE,
                root TEXT NOT NULL,
                minute BIGINT NOT NULL,
                files_found BIGINT NOT NULL,
                files_transferred BIGINT NOT NULL,
                files_failed BIGINT NOT NULL,
                bytes_transferred BIGINT NOT NULL,
                PRIMARY KEY (migration_id, minute)
            );
            CREATE INDEX IF NOT EXISTS migration_stats_by_root ON migration_stats (root, minute);
            """),
        // The total size of the listed objects, so progress can be shown in bytes as well as in files.
        new(2, _ => "ALTER TABLE migration_runs ADD COLUMN bytes_found BIGINT NOT NULL DEFAULT 0;"),
        // When a worker first took the run (GET /state answers from then on), when it last made progress (the
        // supervisor's measure of a stall; GET /state shows it), and why it is failing while its copies stop.
        new(3, _ => """
            ALTER TABLE migration_runs ADD COLUMN claimed_at BIGINT NULL;
            ALTER TABLE migration_runs ADD COLUMN progress_at BIGINT NULL;
            ALTER TABLE migration_runs ADD COLUMN failing_reason TEXT NULL;
            """),
        // Verify-only runs: deep comparison on the migration, the verdict on each report row.
        new(4, _ => """
            ALTER TABLE migrations ADD COLUMN deep BOOLEAN NOT NULL DEFAULT FALSE;
            ALTER TABLE object_reports ADD COLUMN verify_result TEXT NULL;
            """),
        // End-to-end checksums and resumed copies on each report row.
        new(5, _ => """
            ALTER TABLE object_reports ADD COLUMN source_checksum TEXT NULL;
            ALTER TABLE object_reports ADD COLUMN destination_checksum TEXT NULL;
            ALTER TABLE object_reports ADD COLUMN checksum_algorithm TEXT NULL;
            ALTER TABLE object_reports ADD COLUMN verified BOOLEAN NULL;
            ALTER TABLE object_reports ADD COLUMN bytes_reused BIGINT NULL;
            """),
        // Filters and the other controls beyond the spec, as one JSON document (MigrationControls); NULL is none.
        new(6, _ => "ALTER TABLE migrations ADD COLUMN controls TEXT NULL;"),
        // Mirror syncs: the destination objects the source no longer has (candidates while listing, then deleted, failed,
        // refused by maxDelete or skipped after copy errors), the destination objects the listing saw within the
        // filters (what a percentage of maxDelete is of) and the count deleted.
        new(7, d => $"""
            CREATE TABLE IF NOT EXISTS run_deletions (
                run_id TEXT NOT NULL REFERENCES migration_runs (id) ON DELETE CASCADE,
                object_key TEXT{d.BinaryCollation} NOT NULL,
                size BIGINT NOT NULL,
                etag TEXT NULL,
                last_modified BIGINT NOT NULL,
                status TEXT NOT NULL,
                finished_at BIGINT NULL,
                error TEXT NOT NULL,
                PRIMARY KEY (run_id, object_key)
            );
            CREATE INDEX IF NOT EXISTS run_deletions_by_status ON run_deletions (run_id, status, object_key);
            ALTER TABLE migration_runs ADD COLUMN destination_seen BIGINT NOT NULL DEFAULT 0;
            ALTER TABLE migration_runs ADD COLUMN files_deleted BIGINT NOT NULL DEFAULT 0;
            """),
        // Webhooks: how many a migration has (events are queued only for those), and the deliveries (an outbox written in
        // the transaction of the event; the body, which may hold a report link, encrypted).
        new(8, _ => """
            ALTER TABLE migrations ADD COLUMN webhook_count INTEGER NOT NULL DEFAULT 0;
            CREATE TABLE IF NOT EXISTS webhook_deliveries (
                id TEXT PRIMARY KEY,
                migration_id TEXT NOT NULL REFERENCES migrations (id) ON DELETE CASCADE,
                webhook INTEGER NOT NULL,
                event TEXT NOT NULL,
                body TEXT NOT NULL,
                status TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                next_attempt_at BIGINT NOT NULL,
                lease_owner TEXT NULL,
                lease_until BIGINT NULL,
                last_error TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                delivered_at BIGINT NULL
            );
            CREATE INDEX IF NOT EXISTS webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
            CREATE INDEX IF NOT EXISTS webhook_deliveries_by_migration ON webhook_deliveries (migration_id, created_at);
            """),
        // allVersions: each source version written to the destination, in order, with the version it became there.
        new(9, d => $"""
            CREATE TABLE IF NOT EXISTS run_versions (
                run_id TEXT NOT NULL REFERENCES migration_runs (id) ON DELETE CASCADE,
                object_key TEXT{d.BinaryCollation} NOT NULL,
                seq INTEGER NOT NULL,
                source_version_id TEXT NOT NULL,
                destination_version_id TEXT NULL,
                delete_marker BOOLEAN NOT NULL,
                size BIGINT NOT NULL,
                source_etag TEXT NOT NULL,
                destination_etag TEXT NOT NULL,
                finished_at BIGINT NOT NULL,
                error TEXT NOT NULL,
                PRIMARY KEY (run_id, object_key, seq)
            );
            """),
        // Part-level resume: each multipart copy's upload, and its parts as they complete (UploadCheckpoint). Parts are
        // keyed by the upload too, so those of an abandoned upload of the same key never mix with a new one's.
        // Step 10: steps 6-9 belong to the migration controls (issue 20); SchemaMigrator applies steps by number, gaps allowed.
        new(10, d => $"""
            CREATE TABLE IF NOT EXISTS upload_checkpoints (
                run_id TEXT NOT NULL REFERENCES migration_runs (id) ON DELETE CASCADE,
                object_key TEXT{d.BinaryCollation} NOT NULL,
                upload_id TEXT NOT NULL,
                source_etag TEXT NOT NULL,
                object_size BIGINT NOT NULL,
                part_size BIGINT NOT NULL,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (run_id, object_key)
            );
            CREATE TABLE IF NOT EXISTS upload_checkpoint_parts (
                run_id TEXT NOT NULL REFERENCES migration_runs (id) ON DELETE CASCADE,
                object_key TEXT{d.BinaryCollation} NOT NULL,
                upload_id TEXT NOT NULL,
                part_number BIGINT NOT NULL,
                size BIGINT NOT NULL,
                etag TEXT NOT NULL,
                content_md5 TEXT NULL,
                PRIMARY KEY (run_id, object_key, upload_id, part_number)
            );
            """),
        // Adaptive request rates: a run's throttled answers and its most limited endpoint's allowed rate (RequestRateRegistry).
        new(11, _ => """
            ALTER TABLE migration_runs ADD COLUMN throttled_requests BIGINT NOT NULL DEFAULT 0;
            ALTER TABLE migration_runs ADD COLUMN request_rate DOUBLE PRECISION NULL;
            """),
    ];
}
