using System.Text.Json.Serialization;
using Transporter.Api.Scheduling.Contracts;

namespace Transporter.Api.Migrations.Contracts;

/// <summary>GET /state/:id: the latest run of the migration, every field of the spec.</summary>
public sealed record MigrationStateView
{
    [JsonPropertyName("root")] public required string Root { get; init; }
    [JsonPropertyName("id")] public required Guid Id { get; init; }
    [JsonPropertyName("listingCompleted")] public required bool ListingCompleted { get; init; }
    [JsonPropertyName("lastKey")] public required string LastKey { get; init; }
    [JsonPropertyName("startTime")] public required string StartTime { get; init; }
    [JsonPropertyName("lastUpdate")] public required string LastUpdate { get; init; }

    /// <summary>The last time the run made progress (a state change, objects listed, copied or failed).</summary>
    [JsonPropertyName("lastProgress")] public required string LastProgress { get; init; }

    /// <summary>Seconds since <see cref="LastProgress"/> while the run is working (absent when finished, paused or
    /// waiting); a run without progress for long says why in <see cref="Errors"/>.</summary>
    [JsonPropertyName("secondsSinceProgress")] public long? SecondsSinceProgress { get; init; }
    [JsonPropertyName("filesFound")] public required long FilesFound { get; init; }
    [JsonPropertyName("filesCompleted")] public required long FilesCompleted { get; init; }
    [JsonPropertyName("filesFailed")] public required long FilesFailed { get; init; }
    [JsonPropertyName("bytesTransmitted")] public required long BytesTransmitted { get; init; }

    /// <summary>Mirror syncs only: objects deleted at the destination because the source no longer has them.</summary>
    [JsonPropertyName("filesDeleted")] public long? FilesDeleted { get; init; }
    /// <summary>The allowed request rate (requests per second) of the run's most limited endpoint, lowered when an
    /// endpoint throttles (503 SlowDown, 429, Azure ServerBusy) and raised slowly after; null while none is limited.</summary>
    [JsonPropertyName("requestRate")] public double? RequestRate { get; init; }

    /// <summary>Answers of the run's endpoints that said "slow down"; the requests were paced and sent again.</summary>
    [JsonPropertyName("throttledRequests")] public long ThrottledRequests { get; init; }
    [JsonPropertyName("errors")] public required IReadOnlyList<string> Errors { get; init; }
    [JsonPropertyName("state")] public required int State { get; init; }
    [JsonPropertyName("stateDescription")] public required string StateDescription { get; init; }

    /// <summary>The migration's schedule (absent when it has none); the state is Waiting (4) between its runs.</summary>
    [JsonPropertyName("schedule")] public ScheduleView? Schedule { get; init; }
}
