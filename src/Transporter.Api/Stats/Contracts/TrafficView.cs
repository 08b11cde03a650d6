using System.Text.Json.Serialization;

namespace Transporter.Api.Stats.Contracts;

/// <summary>Bytes read from (egress) and written to (ingress) endpoints of one type.</summary>
public sealed record TrafficView([property: JsonPropertyName("egress")] long Egress, [property: JsonPropertyName("ingress")] long Ingress);
