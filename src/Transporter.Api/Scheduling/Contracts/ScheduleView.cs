using System.Text.Json.Serialization;

namespace Transporter.Api.Scheduling.Contracts;

/// <summary>A migration's schedule in GET /migrations, GET /state/:id and the answer of POST /recurring/migration/:id.</summary>
public sealed record ScheduleView
{
    [JsonPropertyName("spec")] public required string Spec { get; init; }

    /// <summary>0 = unlimited.</summary>
    [JsonPropertyName("maxRuns")] public required int MaxRuns { get; init; }

    /// <summary>Runs the schedule started (since the counter was last reset).</summary>
    [JsonPropertyName("runs")] public required int Runs { get; init; }

    [JsonPropertyName("enabled")] public required bool Enabled { get; init; }

    /// <summary>Firings that started no run because the previous run was still going (or the migration was paused).</summary>
    [JsonPropertyName("skippedRuns")] public required int SkippedRuns { get; init; }

    [JsonPropertyName("lastSkippedAt")] public string? LastSkippedAt { get; init; }
    [JsonPropertyName("lastSkipReason")] public string? LastSkipReason { get; init; }

    /// <summary>When the next run starts (UTC); absent when the schedule is disabled or maxRuns is reached.</summary>
    [JsonPropertyName("nextFireTime")] public string? NextFireTime { get; init; }

    /// <summary>The spec in words, times in UTC ("at 23:45 on Saturday (UTC)").</summary>
    [JsonPropertyName("description")] public required string Description { get; init; }
}
