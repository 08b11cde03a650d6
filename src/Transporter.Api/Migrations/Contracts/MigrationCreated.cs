using System.Text.Json.Serialization;

namespace Transporter.Api.Migrations.Contracts;

/// <summary>201 answer of POST /migrations.</summary>
public sealed record MigrationCreated(
    [property: JsonPropertyName("root")] string Root,
    [property: JsonPropertyName("username")] string UserName,
    [property: JsonPropertyName("id")] Guid Id);
