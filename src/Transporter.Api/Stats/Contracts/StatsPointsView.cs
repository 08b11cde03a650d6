using System.Text.Json.Serialization;

namespace Transporter.Api.Stats.Contracts;

/// <summary>The answer of POST /stats/migration(/:id) (written as a stream by <see cref="StatsPointsResult"/>).</summary>
public sealed record StatsPointsView([property: JsonPropertyName("points")] IReadOnlyList<StatsPointView> Points);
