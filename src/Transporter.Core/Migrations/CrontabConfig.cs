using System.Text.Json.Serialization;

namespace Transporter.Core.Migrations;

/// <summary>The spec's "crontab" section: when a recurring migration runs.</summary>
public sealed record CrontabConfig
{
    /// <summary>The cron specification ("@hourly", "0,15,30,45 * * * *"), validated with Scheduling.CronSpec.</summary>
    [JsonPropertyName("spec")] public string? Spec { get; init; }

    /// <summary>Maximum number of runs; 0 (or absent) means unlimited.</summary>
    [JsonPropertyName("maxRuns")] public int MaxRuns { get; init; }
}
