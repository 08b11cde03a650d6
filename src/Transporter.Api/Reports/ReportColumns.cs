namespace Transporter.Api.Reports;

/// <summary>The columns of the report files, in order, with their explanations (the spec's JSON names).</summary>
public static class ReportColumns
{
    public static readonly IReadOnlyList<ReportColumn> Transfer =
    [
        new("sourceBucket", "bucket the object was read from"),
        new("destinationBucket", "bucket the object was written to"),
        new("objectKey", "the object's key (full name), exactly as stored"),
        new("startTime", "when the transfer started; UTC, ISO-8601 (2021-04-19T12:55:53Z)"),
        new("connectionDuration", "time spent connecting to the endpoints; seconds (decimal number)"),
        new("copyDuration", "time spent moving the bytes; seconds (decimal number)"),
        new("finishTime", "when the transfer ended; UTC, ISO-8601"),
        new("bytesCopied", "bytes written to the destination; bytes (integer)"),
        new("sourceETag", "entity tag (checksum) of the object at the source"),
        new("destinationETag", "entity tag (checksum) of the copy at the destination"),
        new("tagsCopied", "whether the object's tags were copied; true or false"),
        new("systemMetadataCopied", "whether system metadata (content type, cache control, ...) was copied; true or false"),
        new("userMetadataCopied", "whether user metadata (x-amz-meta-*) was copied; true or false"),
        new("sseEnabled", "whether the copy is encrypted at rest by the destination (SSE); true or false"),
        new("sourceChecksum", "the source's own checksum of the object (lowercase hex); empty when it has none"),
        new("destinationChecksum", "the checksum the destination reported for the copy it stored; empty when it reported none"),
        new("checksumAlgorithm", "what the checksums are: MD5, MD5-of-parts (an S3 multipart ETag), or CRC32C (GCS's)"),
        new("verified", "whether the destination's own checksum was compared with the bytes read and matched; true or false"),
        new("bytesReused", "bytes not sent again because a resumed copy found them at the destination; empty when none"),
        new("verifyResult", "verify runs only: match, missing, differs or extra; empty for copies"),
    ];

    public static readonly IReadOnlyList<ReportColumn> Errors =
    [
        new("sourceReadingErr", "why reading the object from the source failed; empty when it did not"),
        new("destinationWritingErr", "why writing the object to the destination failed; empty when it did not"),
        new("lyveWritingErr", "why writing the object to Lyve failed; empty when it did not"),
        new("sourceDeleteErr", "why deleting the object from the source after the copy failed; empty when it did not"),
    ];

    public static readonly IReadOnlyList<ReportColumn> Deletions =
    [
        new("destinationBucket", "bucket the object was deleted from"),
        new("objectKey", "the object's key (full name) at the destination; the source no longer has it"),
        new("size", "the object's size as listed at the destination; bytes (integer)"),
        new("destinationETag", "entity tag (checksum) of the object at the destination, as listed"),
        new("lastModified", "when the object was last modified at the destination; UTC, ISO-8601"),
        new("outcome", "deleted; failed (the destination refused the delete: see error); refused (more objects than maxDelete allows: nothing was deleted); skipped (some objects failed to copy, so nothing was deleted)"),
        new("finishTime", "when the delete ended; UTC, ISO-8601; empty when none was tried"),
        new("error", "why the delete failed; empty when it did not"),
    ];

    public static readonly IReadOnlyList<ReportColumn> Versions =
    [
        new("objectKey", "the object's key"),
        new("seq", "order in which the key's versions were written, oldest first (0, 1, ...)"),
        new("sourceVersionId", "the version's id at the source (\"null\" for one written while versioning was off)"),
        new("destinationVersionId", "the id the version got at the destination; empty when the destination keeps no versions or on failure"),
        new("deleteMarker", "whether the version is a delete marker (written as one at the destination); true or false"),
        new("size", "the version's size; bytes (integer)"),
        new("sourceETag", "entity tag of the version at the source"),
        new("destinationETag", "entity tag of the copy at the destination"),
        new("finishTime", "when the version was written; UTC, ISO-8601"),
        new("error", "why writing the version failed (later versions of the key were then not written); empty when it did not"),
    ];

    public static readonly IReadOnlyList<ReportColumn> Summary =
    [
        new("migrationId", "the migration's id"),
        new("root", "the root (tenant) that owns the migration"),
        new("source", "source endpoint: type, URL, bucket and prefix"),
        new("destination", "destination endpoint: type, URL and bucket"),
        new("state", "the migration's state number (2 Completed, 6 Failed, 7 CompletedWithErrors, ...)"),
        new("stateDescription", "the state's name"),
        new("startTime", "when the migration started; UTC, ISO-8601; empty if it never started"),
        new("finishTime", "when the migration ended; UTC, ISO-8601; empty if it has not ended"),
        new("objectsTotal", "objects with a report row; count"),
        new("objectsSucceeded", "objects transferred without error (rows of successful-transfers.csv); count"),
        new("objectsFailed", "objects with an error (rows of failed-transfers.csv); count"),
        new("bytesCopied", "sum of bytesCopied over all rows; bytes"),
        new("generatedAt", "when this bundle was written; UTC, ISO-8601"),
    ];
}
