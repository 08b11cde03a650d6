namespace Transporter.Core.Stats;

/// <summary>A customer's overview over a time range: traffic per endpoint type (spec "csp") and the totals.</summary>
public sealed record DashboardStats(IReadOnlyDictionary<string, EndpointTraffic> Traffic, StatsTotals Totals);
