using System.Text.Json.Serialization;

namespace Transporter.Api.Scheduling.Contracts;

/// <summary>The body of POST /recurring/migration/:id (the spec's "Recurring Migration").</summary>
public sealed record RecurringRequest
{
    /// <summary>The cron spec ("@hourly", "0,30 * * * *"); required.</summary>
    [JsonPropertyName("spec")] public string? Spec { get; init; }

    /// <summary>Maximum number of runs, 0 = unlimited; required.</summary>
    [JsonPropertyName("maxRuns")] public int? MaxRuns { get; init; }

    /// <summary>Sets the run counter (0 resets it); kept when absent.</summary>
    [JsonPropertyName("runs")] public int? Runs { get; init; }

    /// <summary>False disables the schedule (its triggers are removed); true when absent.</summary>
    [JsonPropertyName("enabled")] public bool? Enabled { get; init; }
}
