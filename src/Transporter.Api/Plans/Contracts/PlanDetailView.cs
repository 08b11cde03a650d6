using System.Text.Json.Serialization;

namespace Transporter.Api.Plans.Contracts;

/// <summary>GET /plans/:id: the plan with its errors and what its scan counted (the spec's shape, endedAt null until
/// the plan ends).</summary>
public sealed record PlanDetailView
{
    [JsonPropertyName("id")] public required Guid Id { get; init; }
    [JsonPropertyName("root")] public required string Root { get; init; }
    [JsonPropertyName("config")] public required PlanConfigView Config { get; init; }
    [JsonPropertyName("status")] public required string Status { get; init; }
    [JsonPropertyName("errors")] public required IReadOnlyList<string> Errors { get; init; }
    [JsonPropertyName("associatedMigrationsIDs")] public required IReadOnlyList<AssociatedMigrationView> AssociatedMigrations { get; init; }
    [JsonPropertyName("createdAt")] public required string CreatedAt { get; init; }

    [JsonPropertyName("endedAt"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? EndedAt { get; init; }

    [JsonPropertyName("totObjects")] public required long TotObjects { get; init; }
    [JsonPropertyName("totSize")] public required long TotSize { get; init; }
    [JsonPropertyName("distribution")] public required IReadOnlyList<DistributionBinView> Distribution { get; init; }

    /// <summary>How long the planned migration would take and what it would cost, with the assumptions behind it.</summary>
    [JsonPropertyName("estimate")] public Core.Plans.Estimates.PlanEstimate? Estimate { get; init; }
}
