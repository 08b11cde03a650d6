using System.Text.Json.Serialization;

namespace Transporter.Api.Reports.Contracts;

/// <summary>The filter of an error-report page: the migration and the object key ("" when not filtered by key).</summary>
public sealed record ErrorReportsFilter(
    [property: JsonPropertyName("migrationID")] string MigrationId,
    [property: JsonPropertyName("key")] string Key);
