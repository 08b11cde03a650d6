using System.Text.Json.Serialization;

namespace Transporter.Api.Migrations.Contracts;

/// <summary>The body of POST /pause/:id; <see cref="Paused"/> false resumes.</summary>
public sealed record PauseRequest([property: JsonPropertyName("paused")] bool? Paused);
