using System.Text.Json.Serialization;

namespace Transporter.Api.Migrations.Contracts;

/// <summary>201 answer of POST /sync and POST /sync/:id.</summary>
public sealed record SyncCreated(
    [property: JsonPropertyName("root")] string Root,
    [property: JsonPropertyName("id")] Guid Id);
