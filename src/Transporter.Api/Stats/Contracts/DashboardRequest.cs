using System.Text.Json.Serialization;

namespace Transporter.Api.Stats.Contracts;

/// <summary>The body of POST /stats/dashboard: a time range in Unix seconds.</summary>
public sealed record DashboardRequest
{
    [JsonPropertyName("from")] public long? From { get; init; }
    [JsonPropertyName("to")] public long? To { get; init; }
}
