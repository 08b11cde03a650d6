using System.Text.Json.Serialization;

namespace Transporter.Api.Plans.Contracts;

/// <summary>One entry of a plan's "associatedMigrationsIDs".</summary>
public sealed record AssociatedMigrationView(
    [property: JsonPropertyName("root")] string Root,
    [property: JsonPropertyName("id")] Guid Id);
