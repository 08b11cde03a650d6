using System.Text.Json.Serialization;

namespace Transporter.Api.Migrations.Contracts;

/// <summary>GET /bandwidth/:id answer and POST /bandwidth entry. The id is text so a malformed one is answered with a
/// 400 naming it rather than a JSON error.</summary>
public sealed record BandwidthSetting(
    [property: JsonPropertyName("migrationID")] string? MigrationId,
    [property: JsonPropertyName("bytesPerSecond")] long? BytesPerSecond);
