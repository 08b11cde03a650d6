using System.Text.Json.Serialization;
using Transporter.Core.Endpoints;
using Transporter.Core.Filters;

namespace Transporter.Api.Plans.Contracts;

/// <summary>The body of POST /plans.</summary>
public sealed record PlanRequest
{
    [JsonPropertyName("source")] public EndpointConfig? Source { get; init; }
    [JsonPropertyName("destination")] public EndpointConfig? Destination { get; init; }

    /// <summary>A sync plan counts what an incremental sync would copy; false (the default) counts the whole source.</summary>
    [JsonPropertyName("sync")] public bool? Sync { get; init; }

    /// <summary>simple (the default) or by-time.</summary>
    [JsonPropertyName("syncMode")] public string? SyncMode { get; init; }

    /// <summary>Skip the preflight (read the source, write and delete a probe at the destination).</summary>
    [JsonPropertyName("skipVerify")] public bool? SkipVerify { get; init; }

    /// <summary>Which source objects the plan counts (docs/migration-controls.md); absent counts all.</summary>
    [JsonPropertyName("filters")] public ObjectFilter? Filters { get; init; }
}
