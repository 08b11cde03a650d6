using System.Text.Json.Serialization;

namespace Transporter.Core.Migrations;

/// <summary>One entry of the spec's "notifications" array: whom to tell about which event, and how.</summary>
public sealed record NotificationConfig
{
    /// <summary>The event, e.g. "reports ready".</summary>
    [JsonPropertyName("event")] public string? Event { get; init; }

    /// <summary>How to tell: "email".</summary>
    [JsonPropertyName("carrier")] public string? Carrier { get; init; }

    /// <summary>The recipients (email addresses).</summary>
    [JsonPropertyName("destination")] public IReadOnlyList<string>? Destination { get; init; }
}
