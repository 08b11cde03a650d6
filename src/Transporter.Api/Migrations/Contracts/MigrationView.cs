using System.Text.Json.Serialization;
using Transporter.Api.Scheduling.Contracts;
using Transporter.Core.Bandwidth;
using Transporter.Core.Endpoints;
using Transporter.Core.Filters;
using Transporter.Core.Migrations;

namespace Transporter.Api.Migrations.Contracts;

/// <summary>One entry of GET /migrations: the spec's fields (root, username, id, source, destination, never a
/// credential) and more about the migration and its latest run.</summary>
public sealed record MigrationView
{
    [JsonPropertyName("root")] public required string Root { get; init; }
    [JsonPropertyName("username")] public required string UserName { get; init; }
    [JsonPropertyName("id")] public required Guid Id { get; init; }
    [JsonPropertyName("source")] public required EndpointConfig Source { get; init; }
    [JsonPropertyName("destination")] public required EndpointConfig Destination { get; init; }

    /// <summary>"migration" or "sync".</summary>
    [JsonPropertyName("kind")] public required string Kind { get; init; }

    /// <summary>"simple" or "by-time" for a sync.</summary>
    [JsonPropertyName("syncMode")] public string? SyncMode { get; init; }

    /// <summary>The latest run's state; Queued before a worker starts it, Waiting (4) between runs of a schedule.</summary>
    [JsonPropertyName("state")] public required int State { get; init; }

    [JsonPropertyName("stateDescription")] public required string StateDescription { get; init; }
    [JsonPropertyName("createdAt")] public required string CreatedAt { get; init; }

    /// <summary>Bytes per second; 0 = no limit.</summary>
    [JsonPropertyName("bandwidthLimit")] public long BandwidthLimit { get; init; }

    /// <summary>The schedule's spec and maxRuns; absent when the migration has no schedule.</summary>
    [JsonPropertyName("crontab")] public CrontabConfig? Crontab { get; init; }

    /// <summary>The schedule: runs counted, enabled, skipped firings and the next fire time.</summary>
    [JsonPropertyName("schedule")] public ScheduleView? Schedule { get; init; }
    [JsonPropertyName("enableStatistics")] public bool EnableStatistics { get; init; }
    [JsonPropertyName("deleteAfterUpload")] public bool DeleteAfterUpload { get; init; }
    [JsonPropertyName("skipVerify")] public bool SkipVerify { get; init; }
    [JsonPropertyName("paused")] public bool Paused { get; init; }

    /// <summary>The migration a sync was created from.</summary>
    [JsonPropertyName("parentID")] public Guid? ParentId { get; init; }

    /// <summary>The migration's filters; absent when it considers every object.</summary>
    [JsonPropertyName("filters")] public ObjectFilter? Filters { get; init; }

    /// <summary>A mirror sync: deletes at the destination what the source no longer has.</summary>
    [JsonPropertyName("deleteExtraneous")] public bool? DeleteExtraneous { get; init; }

    /// <summary>A mirror sync's guard: a count or "N%"; absent for no limit.</summary>
    [JsonPropertyName("maxDelete")] public DeleteLimit? MaxDelete { get; init; }

    /// <summary>The weekly bandwidth table; absent when the migration has none.</summary>
    [JsonPropertyName("bandwidthTimetable")] public IReadOnlyList<BandwidthWindow>? BandwidthTimetable { get; init; }

    /// <summary>The timetable's time zone (UTC when absent).</summary>
    [JsonPropertyName("timeZone")] public string? TimeZone { get; init; }

    /// <summary>With a timetable: the limit in force now (its window's, else bandwidthLimit); bytes per second, 0 = none.</summary>
    [JsonPropertyName("currentBandwidthLimit")] public long? CurrentBandwidthLimit { get; init; }

    /// <summary>The webhooks' URLs (never their secrets); absent when there are none.</summary>
    [JsonPropertyName("webhooks")] public IReadOnlyList<Core.Webhooks.WebhookTarget>? Webhooks { get; init; }

    /// <summary>Every version of each object is copied.</summary>
    [JsonPropertyName("allVersions")] public bool? AllVersions { get; init; }

    /// <summary>Number of the latest run (1 for the first); 0 before any run.</summary>
    [JsonPropertyName("runs")] public int Runs { get; init; }
}
