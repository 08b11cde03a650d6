using System.Text.Json.Serialization;

namespace Transporter.Api.Plans.Contracts;

/// <summary>One of the 12 bins of GET /plans/:id "distribution": how many objects have a size from min to max bytes.</summary>
public sealed record DistributionBinView(
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("max")] long Max,
    [property: JsonPropertyName("min")] long Min,
    [property: JsonPropertyName("value")] long Value);
