using System.Data.Common;
using Dapper;
using Transporter.Core.Reports;
using static Transporter.Core.Migrations.Persistence.MigrationSql;

namespace Transporter.Core.Migrations.Persistence;

/// <summary>The object_reports rows: how they are read (<see cref="Select"/>, by the repositories and the report
/// readers) and written (a batch's commit).</summary>
internal static class ObjectReportSql
{
    /// <summary>The report fields of object_reports, named as <see cref="ObjectReport"/>'s properties.</summary>
    public const string Select = """
        SELECT object_key AS ObjectKey, source_bucket AS SourceBucket, destination_bucket AS DestinationBucket, start_time AS StartTime,
               connection_duration AS ConnectionDuration, copy_duration AS CopyDuration, finish_time AS FinishTime, bytes_copied AS BytesCopied,
               source_etag AS SourceETag, destination_etag AS DestinationETag, tags_copied AS TagsCopied,
               system_metadata_copied AS SystemMetadataCopied, user_metadata_copied AS UserMetadataCopied, sse_enabled AS SseEnabled,
               source_reading_err AS SourceReadingErr, destination_writing_err AS DestinationWritingErr, lyve_writing_err AS LyveWritingErr,
               source_delete_err AS SourceDeleteErr, verify_result AS VerifyResult, source_checksum AS SourceChecksum,
               destination_checksum AS DestinationChecksum, checksum_algorithm AS ChecksumAlgorithm, verified AS Verified, bytes_reused AS BytesReused
        FROM object_reports
        """;

    /// <summary>Writes the outcome of one object: <paramref name="verb"/> "INSERT" for a new row, "UPDATE" for a row the run
    /// already has.</summary>
    public static Task WriteAsync(DbConnection connection, DbTransaction tx, string verb, Guid runId, string migrationId, CopiedObject outcome,
        CancellationToken ct)
    {
        const string Insert = """
            INSERT INTO object_reports (run_id, migration_id, object_key, succeeded, listed_size, listed_etag, listed_modified, source_bucket,
                destination_bucket, start_time, connection_duration, copy_duration, finish_time, bytes_copied, source_etag, destination_etag,
                tags_copied, system_metadata_copied, user_metadata_copied, sse_enabled, source_reading_err, destination_writing_err,
                lyve_writing_err, source_delete_err, verify_result, source_checksum, destination_checksum, checksum_algorithm, verified,
                bytes_reused)
            VALUES (@runId, @migrationId, @key, @succeeded, @size, @etag, @modified, @sourceBucket, @destinationBucket, @startTime,
                @connectionDuration, @copyDuration, @finishTime, @bytesCopied, @sourceETag, @destinationETag, @tagsCopied,
                @systemMetadataCopied, @userMetadataCopied, @sseEnabled, @sourceReadingErr, @destinationWritingErr, @lyveWritingErr,
                @sourceDeleteErr, @verifyResult, @sourceChecksum, @destinationChecksum, @checksumAlgorithm, @verified, @bytesReused)
            """;
        const string Update = """
            UPDATE object_reports SET succeeded = @succeeded, listed_size = @size, listed_etag = @etag, listed_modified = @modified,
                source_bucket = @sourceBucket, destination_bucket = @destinationBucket, start_time = @startTime,
                connection_duration = @connectionDuration, copy_duration = @copyDuration, finish_time = @finishTime,
                bytes_copied = @bytesCopied, source_etag = @sourceETag, destination_etag = @destinationETag, tags_copied = @tagsCopied,
                system_metadata_copied = @systemMetadataCopied, user_metadata_copied = @userMetadataCopied, sse_enabled = @sseEnabled,
                source_reading_err = @sourceReadingErr, destination_writing_err = @destinationWritingErr, lyve_writing_err = @lyveWritingErr,
                source_delete_err = @sourceDeleteErr, verify_result = @verifyResult, source_checksum = @sourceChecksum,
                destination_checksum = @destinationChecksum, checksum_algorithm = @checksumAlgorithm, verified = @verified, bytes_reused = @bytesReused
            WHERE run_id = @runId AND object_key = @key
            """;
        var (item, r) = (outcome.Item, outcome.Report);
        return connection.ExecuteAsync(new CommandDefinition(verb == "INSERT" ? Insert : Update, new
        {
            runId = Id(runId),
            migrationId,
            key = item.Key,
            succeeded = r.Succeeded,
            size = item.Size,
            etag = item.ETag,
            modified = item.LastModified.ToUnixTimeMilliseconds(),
            sourceBucket = r.SourceBucket,
            destinationBucket = r.DestinationBucket,
            startTime = r.StartTime.ToUnixTimeMilliseconds(),
            connectionDuration = r.ConnectionDuration,
            copyDuration = r.CopyDuration,
            finishTime = r.FinishTime.ToUnixTimeMilliseconds(),
            bytesCopied = r.BytesCopied,
            sourceETag = r.SourceETag,
            destinationETag = r.DestinationETag,
            tagsCopied = r.TagsCopied,
            systemMetadataCopied = r.SystemMetadataCopied,
            userMetadataCopied = r.UserMetadataCopied,
            sseEnabled = r.SseEnabled,
            sourceReadingErr = r.SourceReadingErr,
            destinationWritingErr = r.DestinationWritingErr,
            lyveWritingErr = r.LyveWritingErr,
            sourceDeleteErr = r.SourceDeleteErr,
            verifyResult = r.VerifyResult,
            sourceChecksum = r.SourceChecksum,
            destinationChecksum = r.DestinationChecksum,
            checksumAlgorithm = r.ChecksumAlgorithm,
            verified = r.Verified,
            bytesReused = r.BytesReused,
        }, tx, cancellationToken: ct));
    }
}
