using System.Text.Json.Serialization;
using Transporter.Core.Endpoints;
using Transporter.Core.Filters;

namespace Transporter.Api.Plans.Contracts;

/// <summary>A plan's "config": its endpoints without credentials and its mode.</summary>
public sealed record PlanConfigView
{
    [JsonPropertyName("source")] public required EndpointConfig Source { get; init; }
    [JsonPropertyName("destination")] public required EndpointConfig Destination { get; init; }
    [JsonPropertyName("sync")] public required bool Sync { get; init; }
    [JsonPropertyName("syncMode")] public required string SyncMode { get; init; }
    [JsonPropertyName("skipVerify")] public required bool SkipVerify { get; init; }

    /// <summary>The plan's filters; absent when it counts every object.</summary>
    [JsonPropertyName("filters")] public ObjectFilter? Filters { get; init; }
}
