using System.Text.Json.Serialization;

namespace Transporter.Core.Plans.Estimates;

/// <summary>A plan's <c>estimate</c>: how long the migration it counted would take and what it would cost, with every
/// assumption behind the numbers.</summary>
public sealed record PlanEstimate
{
    [JsonPropertyName("seconds")] public required long Seconds { get; init; }
    [JsonPropertyName("cost")] public required decimal Cost { get; init; }
    [JsonPropertyName("currency")] public required string Currency { get; init; }
    [JsonPropertyName("assumptions")] public required IReadOnlyList<string> Assumptions { get; init; }
}
