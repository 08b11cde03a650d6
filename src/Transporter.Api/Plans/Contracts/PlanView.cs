using System.Text.Json.Serialization;

namespace Transporter.Api.Plans.Contracts;

/// <summary>One entry of GET /plans: no statistics, no errors (the spec's listing shape).</summary>
public sealed record PlanView
{
    [JsonPropertyName("id")] public required Guid Id { get; init; }
    [JsonPropertyName("root")] public required string Root { get; init; }
    [JsonPropertyName("config")] public required PlanConfigView Config { get; init; }

    /// <summary>queued, tested, running, ended, aborted or failed.</summary>
    [JsonPropertyName("status")] public required string Status { get; init; }

    [JsonPropertyName("createdAt")] public required string CreatedAt { get; init; }

    /// <summary>Absent until the plan ends.</summary>
    [JsonPropertyName("endedAt")] public string? EndedAt { get; init; }

    [JsonPropertyName("associatedMigrationsIDs")] public required IReadOnlyList<AssociatedMigrationView> AssociatedMigrations { get; init; }
}
