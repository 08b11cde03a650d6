using Transporter.Core.Reports;

namespace Transporter.Core.Migrations.Persistence;

/// <summary>How the object_reports rows are read (by the repositories and the report readers); a batch's commit writes
/// them with <see cref="ObjectReportWriter"/>.</summary>
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
}
