using Transporter.Core.Endpoints;
using Transporter.Core.Reports;
using Transporter.Core.Storage;
using static Transporter.Core.Persistence.UnixTime;

namespace Transporter.Core.Migrations.Persistence;

public sealed partial class MigrationRepository
{
    private const string MigrationSelect = """
        SELECT m.id AS Id, m.root AS Root, m.username AS UserName, m.kind AS Kind, m.sync_mode AS SyncMode, m.source AS Source,
               m.destination AS Destination, m.bandwidth_limit AS BandwidthLimit, m.enable_statistics AS EnableStatistics,
               m.notifications AS Notifications, m.delete_after_upload AS DeleteAfterUpload, m.skip_verify AS SkipVerify, m.deep AS Deep,
               m.crontab AS Crontab, m.parent_id AS ParentId, m.plan_id AS PlanId, m.paused AS Paused, m.created_at AS CreatedAt,
               m.controls AS Controls
        FROM migrations m
        """;

    private const string RunSelect = """
        SELECT r.id AS Id, r.migration_id AS MigrationId, r.number AS Number, r.state AS State, r.listing_completed AS ListingCompleted,
               r.last_key AS LastKey, r.next_batch_seq AS NextBatchSeq, r.since AS Since, r.created_at AS CreatedAt,
               r.started_at AS StartedAt, r.updated_at AS UpdatedAt, r.finished_at AS FinishedAt, r.files_found AS FilesFound,
               r.bytes_found AS BytesFound, r.files_completed AS FilesCompleted, r.files_failed AS FilesFailed, r.bytes_transmitted AS BytesTransmitted,
               r.claimed_at AS ClaimedAt, r.progress_at AS ProgressAt, r.failing_reason AS FailingReason,
               r.destination_seen AS DestinationSeen, r.files_deleted AS FilesDeleted,
               r.throttled_requests AS ThrottledRequests, r.request_rate AS RequestRate
        FROM migration_runs r
        """;

    /// <summary>The report fields of object_reports, named as <see cref="Reports.ObjectReport"/>'s properties (shared with the report readers).</summary>
    internal const string ReportSelect = """
        SELECT object_key AS ObjectKey, source_bucket AS SourceBucket, destination_bucket AS DestinationBucket, start_time AS StartTime,
               connection_duration AS ConnectionDuration, copy_duration AS CopyDuration, finish_time AS FinishTime, bytes_copied AS BytesCopied,
               source_etag AS SourceETag, destination_etag AS DestinationETag, tags_copied AS TagsCopied,
               system_metadata_copied AS SystemMetadataCopied, user_metadata_copied AS UserMetadataCopied, sse_enabled AS SseEnabled,
               source_reading_err AS SourceReadingErr, destination_writing_err AS DestinationWritingErr, lyve_writing_err AS LyveWritingErr,
               source_delete_err AS SourceDeleteErr, verify_result AS VerifyResult, source_checksum AS SourceChecksum,
               destination_checksum AS DestinationChecksum, checksum_algorithm AS ChecksumAlgorithm, verified AS Verified, bytes_reused AS BytesReused
        FROM object_reports
        """;

    private sealed class MigrationRow
    {
        public string Id { get; set; } = "";
        public string Root { get; set; } = "";
        public string UserName { get; set; } = "";
        public string Kind { get; set; } = "";
        public string? SyncMode { get; set; }
        public string Source { get; set; } = "";
        public string Destination { get; set; } = "";
        public long BandwidthLimit { get; set; }
        public bool EnableStatistics { get; set; }
        public string Notifications { get; set; } = "[]";
        public bool DeleteAfterUpload { get; set; }
        public bool SkipVerify { get; set; }
        public bool Deep { get; set; }
        public string? Crontab { get; set; }
        public string? ParentId { get; set; }
        public string? PlanId { get; set; }
        public bool Paused { get; set; }
        public long CreatedAt { get; set; }
        public string? Controls { get; set; }

        public Migration ToMigration() => new()
        {
            Id = Guid.Parse(Id),
            Root = Root,
            UserName = UserName,
            Kind = Kind,
            SyncMode = SyncMode,
            Source = MigrationJson.Read<EndpointConfig>(Source),
            Destination = MigrationJson.Read<EndpointConfig>(Destination),
            BandwidthLimit = BandwidthLimit,
            EnableStatistics = EnableStatistics,
            Notifications = MigrationJson.Read<List<NotificationConfig>>(Notifications),
            DeleteAfterUpload = DeleteAfterUpload,
            SkipVerify = SkipVerify,
            Deep = Deep,
            Crontab = Crontab is null ? null : MigrationJson.Read<CrontabConfig>(Crontab),
            ParentId = ParentId is null ? null : Guid.Parse(ParentId),
            PlanId = PlanId is null ? null : Guid.Parse(PlanId),
            Paused = Paused,
            CreatedAt = FromMs(CreatedAt),
            Controls = Controls is null ? MigrationControls.None : MigrationJson.Read<MigrationControls>(Controls),
        };
    }

    private sealed class RunRow
    {
        public string Id { get; set; } = "";
        public string MigrationId { get; set; } = "";
        public long Number { get; set; }
        public long State { get; set; }
        public bool ListingCompleted { get; set; }
        public string? LastKey { get; set; }
        public long NextBatchSeq { get; set; }
        public long? Since { get; set; }
        public long CreatedAt { get; set; }
        public long? StartedAt { get; set; }
        public long UpdatedAt { get; set; }
        public long? FinishedAt { get; set; }
        public long FilesFound { get; set; }
        public long BytesFound { get; set; }
        public long FilesCompleted { get; set; }
        public long FilesFailed { get; set; }
        public long BytesTransmitted { get; set; }
        public long? ClaimedAt { get; set; }
        public long? ProgressAt { get; set; }
        public string? FailingReason { get; set; }
        public long DestinationSeen { get; set; }
        public long FilesDeleted { get; set; }
        public long ThrottledRequests { get; set; }
        public double? RequestRate { get; set; }

        public MigrationRun ToRun() => new()
        {
            Id = Guid.Parse(Id),
            MigrationId = Guid.Parse(MigrationId),
            Number = (int)Number,
            State = (MigrationState)State,
            ListingCompleted = ListingCompleted,
            LastKey = LastKey,
            NextBatchSeq = NextBatchSeq,
            Since = FromMs(Since),
            CreatedAt = FromMs(CreatedAt),
            StartedAt = FromMs(StartedAt),
            UpdatedAt = FromMs(UpdatedAt),
            FinishedAt = FromMs(FinishedAt),
            FilesFound = FilesFound,
            BytesFound = BytesFound,
            FilesCompleted = FilesCompleted,
            FilesFailed = FilesFailed,
            BytesTransmitted = BytesTransmitted,
            ClaimedAt = FromMs(ClaimedAt),
            ProgressAt = FromMs(ProgressAt),
            FailingReason = FailingReason,
            DestinationSeen = DestinationSeen,
            FilesDeleted = FilesDeleted,
            ThrottledRequests = ThrottledRequests,
            RequestRate = RequestRate,
        };
    }

    private sealed class BatchRow
    {
        public string Id { get; set; } = "";
        public string RunId { get; set; } = "";
        public long Seq { get; set; }
        public string Items { get; set; } = "[]";

        public CopyBatch ToBatch() => new(Id, Guid.Parse(RunId), Seq, MigrationJson.Read<List<ObjectSummary>>(Items));
    }

    private sealed class ReportRow
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
}
