using System.Text.Json.Serialization;

namespace Transporter.Api.Plans.Contracts;

/// <summary>200 answer of POST /migration-from-plan/:id and /sync-from-plan/:id.</summary>
public sealed record FromPlanCreated(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("root")] string Root);
