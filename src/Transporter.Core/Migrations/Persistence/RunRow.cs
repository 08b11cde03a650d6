using static Transporter.Core.Persistence.UnixTime;

namespace Transporter.Core.Migrations.Persistence;

/// <summary>A migration_runs row as <see cref="MigrationSql.RunSelect"/> reads it (Dapper), and the <see cref="MigrationRun"/> it holds.</summary>
internal sealed class RunRow
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
