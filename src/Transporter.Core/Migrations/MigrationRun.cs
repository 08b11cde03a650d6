namespace Transporter.Core.Migrations;

/// <summary>One execution of a migration, with its own counters and listing checkpoint (docs/migration-engine.md).</summary>
public sealed record MigrationRun
{
    public required Guid Id { get; init; }
    public required Guid MigrationId { get; init; }

    /// <summary>1 for the first run of the migration, then 2, 3, ...</summary>
    public required int Number { get; init; }

    public required MigrationState State { get; init; }
    public bool ListingCompleted { get; init; }

    /// <summary>The listing checkpoint: every key up to it is batched (or skipped by a sync).</summary>
    public string? LastKey { get; init; }

    public long NextBatchSeq { get; init; }

    /// <summary>By-time syncs copy objects modified at or after this time; null copies everything.</summary>
    public DateTimeOffset? Since { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When a worker started it (preflight); null while Queued.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When a worker first took the run (its lister claimed it); null while no worker has.</summary>
    public DateTimeOffset? ClaimedAt { get; init; }

    /// <summary>Set while the run stops because of an error that no retry within the run can heal (the bucket is gone,
    /// the credentials are refused): its workers cancel their copies, and the run becomes Failed once none is copying,
    /// so a Failed run's counters are final.</summary>
    public string? FailingReason { get; init; }

    /// <summary>The last time the run made progress: a state change, objects listed, objects copied or failed.</summary>
    public DateTimeOffset? ProgressAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public long FilesFound { get; init; }

    /// <summary>The total size of the <see cref="FilesFound"/> objects (as listed): what progress in bytes counts towards.</summary>
    public long BytesFound { get; init; }

    public long FilesCompleted { get; init; }
    public long FilesFailed { get; init; }
    public long BytesTransmitted { get; init; }

    /// <summary>Mirror syncs: destination objects (within the filters) the listing has passed so far.</summary>
    public long DestinationSeen { get; init; }

    /// <summary>Mirror syncs: objects deleted at the destination because the source no longer has them.</summary>
    public long FilesDeleted { get; init; }
    /// <summary>Answers of the run's endpoints that said "slow down" (503 SlowDown, 429, Azure ServerBusy), counted by
    /// the workers (docs/migration-engine.md, "Request rates").</summary>
    public long ThrottledRequests { get; init; }

    /// <summary>The allowed request rate (requests per second) of the run's most limited endpoint when a worker last
    /// finished a batch; null while no endpoint is limited.</summary>
    public double? RequestRate { get; init; }
}
