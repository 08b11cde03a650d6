namespace Transporter.Core.Stats;

/// <summary>Bytes moved through endpoints of one type: <see cref="Egress"/> read from sources of that type,
/// <see cref="Ingress"/> written to destinations of that type.</summary>
public sealed record EndpointTraffic(long Egress, long Ingress);
