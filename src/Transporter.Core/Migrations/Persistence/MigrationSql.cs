namespace Transporter.Core.Migrations.Persistence;

/// <summary>What every migration repository's SQL uses: ids as the tables keep them, state lists, and the SELECTs of a
/// migration and of a run that the row types read.</summary>
internal static class MigrationSql
{
    public const string MigrationSelect = """
        SELECT m.id AS Id, m.root AS Root, m.username AS UserName, m.kind AS Kind, m.sync_mode AS SyncMode, m.source AS Source,
               m.destination AS Destination, m.bandwidth_limit AS BandwidthLimit, m.enable_statistics AS EnableStatistics,
               m.notifications AS Notifications, m.delete_after_upload AS DeleteAfterUpload, m.skip_verify AS SkipVerify, m.deep AS Deep,
               m.crontab AS Crontab, m.parent_id AS ParentId, m.plan_id AS PlanId, m.paused AS Paused, m.created_at AS CreatedAt,
               m.controls AS Controls
        FROM migrations m
        """;

    public const string RunSelect = """
        SELECT r.id AS Id, r.migration_id AS MigrationId, r.number AS Number, r.state AS State, r.listing_completed AS ListingCompleted,
               r.last_key AS LastKey, r.next_batch_seq AS NextBatchSeq, r.since AS Since, r.created_at AS CreatedAt,
               r.started_at AS StartedAt, r.updated_at AS UpdatedAt, r.finished_at AS FinishedAt, r.files_found AS FilesFound,
               r.bytes_found AS BytesFound, r.files_completed AS FilesCompleted, r.files_failed AS FilesFailed, r.bytes_transmitted AS BytesTransmitted,
               r.claimed_at AS ClaimedAt, r.progress_at AS ProgressAt, r.failing_reason AS FailingReason,
               r.destination_seen AS DestinationSeen, r.files_deleted AS FilesDeleted,
               r.throttled_requests AS ThrottledRequests, r.request_rate AS RequestRate
        FROM migration_runs r
        """;

    public static string Id(Guid id) => id.ToString("D");

    /// <summary>"IN (9, 10, 0)": the states inlined as numbers (they are the contract's constants, not input).</summary>
    public static string InStates(IEnumerable<MigrationState> states) => $"IN ({string.Join(", ", states.Select(s => (int)s))})";
}
