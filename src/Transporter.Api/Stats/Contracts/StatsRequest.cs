using System.Text.Json.Serialization;

namespace Transporter.Api.Stats.Contracts;

/// <summary>The body of POST /stats/migration(/:id): a time range in Unix seconds and an optional aggregation period.</summary>
public sealed record StatsRequest
{
    [JsonPropertyName("from")] public long? From { get; init; }
    [JsonPropertyName("to")] public long? To { get; init; }

    /// <summary>Seconds per point, a multiple of 60; 60 when absent.</summary>
    [JsonPropertyName("aggregateTime")] public long? AggregateTime { get; init; }
}
