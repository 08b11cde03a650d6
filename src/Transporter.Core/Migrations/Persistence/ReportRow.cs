using Transporter.Core.Reports;
using static Transporter.Core.Persistence.UnixTime;

namespace Transporter.Core.Migrations.Persistence;

/// <summary>An object_reports row as <see cref="ObjectReportSql.Select"/> reads it (Dapper), and the <see cref="ObjectReport"/> it holds.</summary>
internal sealed class ReportRow
{
    public string ObjectKey { get; set; } = "";
    public string SourceBucket { get; set; } = "";
    public string DestinationBucket { get; set; } = "";
    public long StartTime { get; set; }
    public double ConnectionDuration { get; set; }
    public double CopyDuration { get; set; }
    public long FinishTime { get; set; }
    public long BytesCopied { get; set; }
    public string SourceETag { get; set; } = "";
    public string DestinationETag { get; set; } = "";
    public bool TagsCopied { get; set; }
    public bool SystemMetadataCopied { get; set; }
    public bool UserMetadataCopied { get; set; }
    public bool SseEnabled { get; set; }
    public string SourceReadingErr { get; set; } = "";
    public string DestinationWritingErr { get; set; } = "";
    public string LyveWritingErr { get; set; } = "";
    public string SourceDeleteErr { get; set; } = "";
    public string? VerifyResult { get; set; }
    public string? SourceChecksum { get; set; }
    public string? DestinationChecksum { get; set; }
    public string? ChecksumAlgorithm { get; set; }
    public bool? Verified { get; set; }
    public long? BytesReused { get; set; }

    public ObjectReport ToReport() => new()
    {
        ObjectKey = ObjectKey,
        SourceBucket = SourceBucket,
        DestinationBucket = DestinationBucket,
        StartTime = FromMs(StartTime),
        ConnectionDuration = ConnectionDuration,
        CopyDuration = CopyDuration,
        FinishTime = FromMs(FinishTime),
        BytesCopied = BytesCopied,
        SourceETag = SourceETag,
        DestinationETag = DestinationETag,
        TagsCopied = TagsCopied,
        SystemMetadataCopied = SystemMetadataCopied,
        UserMetadataCopied = UserMetadataCopied,
        SseEnabled = SseEnabled,
        SourceReadingErr = SourceReadingErr,
        DestinationWritingErr = DestinationWritingErr,
        LyveWritingErr = LyveWritingErr,
        SourceDeleteErr = SourceDeleteErr,
        VerifyResult = VerifyResult,
        SourceChecksum = SourceChecksum,
        DestinationChecksum = DestinationChecksum,
        ChecksumAlgorithm = ChecksumAlgorithm,
        Verified = Verified,
        BytesReused = BytesReused,
    };
}
