using System.Text.Json.Serialization;

namespace Transporter.Api.Reports.Contracts;

/// <summary>Where an error-report page starts, its size (capped at 1000) and whether it is the last.</summary>
public sealed record ErrorReportsPagination(
    [property: JsonPropertyName("start")] long Start,
    [property: JsonPropertyName("maxEntries")] int MaxEntries,
    [property: JsonPropertyName("end")] bool End);
