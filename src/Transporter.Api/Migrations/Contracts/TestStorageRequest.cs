using System.Text.Json.Serialization;
using Transporter.Core.Endpoints;

namespace Transporter.Api.Migrations.Contracts;

/// <summary>The body of POST /test-storage: an endpoint and the operations to check on it.</summary>
public sealed record TestStorageRequest
{
    [JsonPropertyName("config")] public EndpointConfig? Config { get; init; }
    [JsonPropertyName("read")] public bool Read { get; init; }
    [JsonPropertyName("write")] public bool Write { get; init; }
    [JsonPropertyName("delete")] public bool Delete { get; init; }
}
