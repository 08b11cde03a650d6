using System.Text.Json.Serialization;

namespace Transporter.Api.Stats.Contracts;

/// <summary>GET /stats/last-speed(/:id): objects and bytes transferred in the last minutes, and the actual interval.</summary>
public sealed record LastSpeedView(
    [property: JsonPropertyName("objects")] long Objects,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("interval_sec")] int IntervalSec);
