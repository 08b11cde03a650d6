using System.Text.Json.Serialization;

namespace Transporter.Api.Stats.Contracts;

/// <summary>POST /stats/dashboard: traffic per endpoint type ("csp") and the totals.</summary>
public sealed record DashboardView(
    [property: JsonPropertyName("csp")] IReadOnlyDictionary<string, TrafficView> Csp,
    [property: JsonPropertyName("totals")] TotalsView Totals);
