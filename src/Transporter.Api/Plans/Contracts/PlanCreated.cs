using System.Text.Json.Serialization;

namespace Transporter.Api.Plans.Contracts;

/// <summary>200 answer of POST /plans and POST /plans/:migration-id.</summary>
public sealed record PlanCreated([property: JsonPropertyName("planID")] Guid PlanId);
