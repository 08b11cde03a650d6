using Transporter.Core.Persistence;

namespace Transporter.Store.Engine.Metadata;

/// <summary>
/// The store's metadata tables, in their own SQLite file. Keys are BLOBs of their UTF-8 bytes so that ORDER BY and
/// range seeks follow S3's byte order exactly, and a bound of prefix+0xFF closes any prefix (0xFF never occurs in
/// UTF-8). Times are Unix milliseconds. Data files are named by generated ids recorded in <c>blobs</c>.
/// </summary>
internal static class StoreSchema
{
    public const string Component = "store";

    public static readonly SchemaStep[] Steps =
    [
        new(1, _ => """
            CREATE TABLE IF NOT EXISTS buckets (
                name TEXT NOT NULL PRIMARY KEY,
                owner TEXT NOT NULL,
                created BIGINT NOT NULL,
                bytes BIGINT NOT NULL DEFAULT 0,
                objects BIGINT NOT NULL DEFAULT 0);
            CREATE TABLE IF NOT EXISTS objects (
                bucket TEXT NOT NULL,
                key BLOB NOT NULL,
                id TEXT NOT NULL,
                size BIGINT NOT NULL,
                etag TEXT NOT NULL,
                modified BIGINT NOT NULL,
                blob TEXT,
                parts INTEGER NOT NULL DEFAULT 0,
                content_type TEXT,
                headers TEXT,
                tags TEXT,
                tag_count INTEGER NOT NULL DEFAULT 0,
                checksum_algorithm TEXT,
                checksum TEXT,
                checksum_type TEXT,
                PRIMARY KEY (bucket, key)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS object_parts (
                object_id TEXT NOT NULL,
                part INTEGER NOT NULL,
                blob TEXT NOT NULL,
                size BIGINT NOT NULL,
                PRIMARY KEY (object_id, part)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS uploads (
                id TEXT NOT NULL PRIMARY KEY,
                bucket TEXT NOT NULL,
                key BLOB NOT NULL,
                initiated BIGINT NOT NULL,
                initiator TEXT NOT NULL,
                content_type TEXT,
                headers TEXT,
                tags TEXT,
                checksum_algorithm TEXT,
                checksum_type TEXT);
            CREATE INDEX IF NOT EXISTS uploads_by_key ON uploads (bucket, key, initiated, id);
            CREATE TABLE IF NOT EXISTS upload_parts (
                upload_id TEXT NOT NULL,
                part INTEGER NOT NULL,
                blob TEXT NOT NULL,
                size BIGINT NOT NULL,
                etag TEXT NOT NULL,
                modified BIGINT NOT NULL,
                checksum TEXT,
                PRIMARY KEY (upload_id, part)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS blobs (id TEXT NOT NULL PRIMARY KEY) WITHOUT ROWID;
            """),
        // Answers of completed multipart uploads, for a retried CompleteMultipartUpload (kept a day).
        new(2, _ => """
            CREATE TABLE IF NOT EXISTS completed_uploads (
                id TEXT NOT NULL PRIMARY KEY,
                bucket TEXT NOT NULL,
                key BLOB NOT NULL,
                object_id TEXT NOT NULL,
                etag TEXT NOT NULL,
                size BIGINT NOT NULL,
                completed BIGINT NOT NULL,
                checksum_algorithm TEXT,
                checksum TEXT,
                checksum_type TEXT,
                version_id TEXT);
            CREATE INDEX IF NOT EXISTS completed_uploads_by_time ON completed_uploads (completed);
            """),
        // Versions (the version-row model): "objects" keeps the current data version of each key (what GET and
        // listings read, unchanged), "object_versions" the noncurrent versions and delete markers, ordered within a
        // key by seq. A key without an "objects" row whose newest version is a delete marker is deleted. A NULL
        // version_id is S3's "null" version (every object written before versioning). Per-version lock, ACL,
        // encryption and writer columns; bucket configurations (versioning, lock, ACL, policy, CORS...) per bucket.
        new(3, _ => """
            ALTER TABLE buckets ADD COLUMN versioning TEXT;
            ALTER TABLE buckets ADD COLUMN object_lock INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE objects ADD COLUMN version_id TEXT;
            ALTER TABLE objects ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;
            ALTER TABLE objects ADD COLUMN lock_mode TEXT;
            ALTER TABLE objects ADD COLUMN lock_until BIGINT;
            ALTER TABLE objects ADD COLUMN legal_hold INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE objects ADD COLUMN acl TEXT;
            ALTER TABLE objects ADD COLUMN sse TEXT;
            ALTER TABLE objects ADD COLUMN writer TEXT;
            ALTER TABLE uploads ADD COLUMN attributes TEXT;
            CREATE TABLE IF NOT EXISTS object_versions (
                bucket TEXT NOT NULL,
                key BLOB NOT NULL,
                seq BIGINT NOT NULL,
                id TEXT NOT NULL,
                version_id TEXT,
                delete_marker INTEGER NOT NULL DEFAULT 0,
                size BIGINT NOT NULL,
                etag TEXT NOT NULL,
                modified BIGINT NOT NULL,
                blob TEXT,
                parts INTEGER NOT NULL DEFAULT 0,
                content_type TEXT,
                headers TEXT,
                tags TEXT,
                tag_count INTEGER NOT NULL DEFAULT 0,
                checksum_algorithm TEXT,
                checksum TEXT,
                checksum_type TEXT,
                lock_mode TEXT,
                lock_until BIGINT,
                legal_hold INTEGER NOT NULL DEFAULT 0,
                acl TEXT,
                sse TEXT,
                writer TEXT,
                PRIMARY KEY (bucket, key, seq)) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS object_versions_by_id ON object_versions (bucket, key, version_id);
            CREATE TABLE IF NOT EXISTS bucket_settings (
                bucket TEXT NOT NULL,
                name TEXT NOT NULL,
                value TEXT NOT NULL,
                PRIMARY KEY (bucket, name)) WITHOUT ROWID;
            """),
        // The bytes of small objects, stored with their version rows (Blobs/InlineBlobs): an object row whose blob id
        // is an inline id has its bytes here, written and deleted in the same transactions as the row.
        new(4, _ => """
            CREATE TABLE IF NOT EXISTS inline_data (
                id TEXT NOT NULL PRIMARY KEY,
                data BLOB NOT NULL);
            """),
    ];
}
