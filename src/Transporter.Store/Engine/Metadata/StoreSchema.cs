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
                checksum_type TEXT);
            CREATE INDEX IF NOT EXISTS completed_uploads_by_time ON completed_uploads (completed);
            """),
    ];
}
