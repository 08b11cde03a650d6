using System.Text.Json.Serialization;

namespace Transporter.Core.Reports;

/// <summary>
/// The outcome of one object's transfer, one row per object: every field of the spec's "Migration Reports", with
/// its JSON names. Durations are seconds (decimal numbers), times UTC ISO-8601. An empty error field means that
/// step did not fail; <see cref="Succeeded"/> is true when all four are empty.
/// </summary>
public sealed record ObjectReport
{
    [JsonPropertyName("sourceBucket")]
    public string SourceBucket { get; init; } = "";

    [JsonPropertyName("destinationBucket")]
    public string DestinationBucket { get; init; } = "";

    [JsonPropertyName("objectKey")]
    public string ObjectKey { get; init; } = "";

    /// <summary>When the transfer started (UTC).</summary>
    [JsonPropertyName("startTime"), JsonConverter(typeof(UtcTimestampJsonConverter))]
    public DateTimeOffset StartTime { get; init; }

    /// <summary>Seconds spent connecting to the endpoints before bytes moved.</summary>
    [JsonPropertyName("connectionDuration")]
    public double ConnectionDuration { get; init; }

    /// <summary>Seconds spent moving the bytes.</summary>
    [JsonPropertyName("copyDuration")]
    public double CopyDuration { get; init; }

    /// <summary>When the transfer ended, successfully or not (UTC).</summary>
    [JsonPropertyName("finishTime"), JsonConverter(typeof(UtcTimestampJsonConverter))]
    public DateTimeOffset FinishTime { get; init; }

    [JsonPropertyName("bytesCopied")]
    public long BytesCopied { get; init; }

    [JsonPropertyName("sourceETag")]
    public string SourceETag { get; init; } = "";

    [JsonPropertyName("destinationETag")]
    public string DestinationETag { get; init; } = "";

    [JsonPropertyName("tagsCopied")]
    public bool TagsCopied { get; init; }

    [JsonPropertyName("systemMetadataCopied")]
    public bool SystemMetadataCopied { get; init; }

    [JsonPropertyName("userMetadataCopied")]
    public bool UserMetadataCopied { get; init; }

    [JsonPropertyName("sseEnabled")]
    public bool SseEnabled { get; init; }

    /// <summary>Why reading the source failed; empty when it did not.</summary>
    [JsonPropertyName("sourceReadingErr")]
    public string SourceReadingErr { get; init; } = "";

    /// <summary>Why writing the destination failed; empty when it did not.</summary>
    [JsonPropertyName("destinationWritingErr")]
    public string DestinationWritingErr { get; init; } = "";

    /// <summary>Why writing to Lyve failed; empty when it did not.</summary>
    [JsonPropertyName("lyveWritingErr")]
    public string LyveWritingErr { get; init; } = "";

    /// <summary>Why deleting the source (move semantics) failed; empty when it did not.</summary>
    [JsonPropertyName("sourceDeleteErr")]
    public string SourceDeleteErr { get; init; } = "";

    /// <summary>The source's own checksum of the object (lowercase hex), when it has one: a single-part S3 ETag, an
    /// Azure or GCS Content-MD5.</summary>
    [JsonPropertyName("sourceChecksum"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SourceChecksum { get; init; }

    /// <summary>The checksum the destination reported for the copy it stored (lowercase hex, or S3's "md5-N").</summary>
    [JsonPropertyName("destinationChecksum"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DestinationChecksum { get; init; }

    /// <summary>What <see cref="DestinationChecksum"/> is: "MD5", "MD5-of-parts" (an S3 multipart ETag), or "CRC32C" (GCS's,
    /// for a continued GCS copy whose source has no MD5 but a CRC32C).</summary>
    [JsonPropertyName("checksumAlgorithm"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ChecksumAlgorithm { get; init; }

    /// <summary>True when the destination's own checksum was compared with the bytes read (hashed once on their way)
    /// and matched, and the source's, when it had one, too. False when the destination reported nothing comparable.</summary>
    [JsonPropertyName("verified"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Verified { get; init; }

    /// <summary>Bytes of the object not sent again because a resumed copy found them already at the destination.</summary>
    [JsonPropertyName("bytesReused"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? BytesReused { get; init; }

    /// <summary>Verify runs only: how the destination's copy compares (<see cref="Migrations.VerifyResult"/>); null on
    /// copy runs. A row is a success only when it is a match.</summary>
    [JsonPropertyName("verifyResult"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? VerifyResult { get; init; }

    /// <summary>What kind of provider error failed the copy (null when it did not fail): lets the engine tell an
    /// object's failure from one that stops the whole run (the bucket is gone, the credentials are refused). Not part of
    /// the report.</summary>
    [JsonIgnore]
    public Storage.ObjectStoreErrorKind? FailureKind { get; init; }

    /// <summary>True when no error field is set.</summary>
    [JsonIgnore]
    public bool Succeeded =>
        SourceReadingErr.Length == 0 && DestinationWritingErr.Length == 0 && LyveWritingErr.Length == 0 && SourceDeleteErr.Length == 0
        && VerifyResult is null or Migrations.VerifyResult.Match;
}
