using System.Text.Json.Serialization;

namespace Transporter.Api.Reports.Contracts;

/// <summary>GET /reports/prepare/:id.</summary>
public sealed record PreparationStatusView([property: JsonPropertyName("isPreparing")] bool IsPreparing);
