using System.Text.Json;
using System.Text.Json.Serialization;
using Transporter.Core.Migrations;

namespace Transporter.Api.Plans.Contracts;

/// <summary>The optional body of POST /migration-from-plan/:id and /sync-from-plan/:id: what the plan does not say
/// (its source, destination and skipVerify are taken from the plan).</summary>
public sealed record FromPlanRequest
{
    [JsonPropertyName("crontab")] public CrontabConfig? Crontab { get; init; }
    [JsonPropertyName("enableStatistics")] public bool? EnableStatistics { get; init; }
    [JsonPropertyName("notifications")] public IReadOnlyList<NotificationConfig>? Notifications { get; init; }
    [JsonPropertyName("deleteAfterUpload")] public bool? DeleteAfterUpload { get; init; }

    /// <summary>Sync plans only: a mirror sync (docs/migration-controls.md).</summary>
    [JsonPropertyName("deleteExtraneous")] public bool? DeleteExtraneous { get; init; }

    [JsonPropertyName("maxDelete")] public JsonElement? MaxDelete { get; init; }

    [JsonPropertyName("bandwidthTimetable")] public IReadOnlyList<Core.Bandwidth.BandwidthWindow?>? BandwidthTimetable { get; init; }
    [JsonPropertyName("timeZone")] public string? TimeZone { get; init; }
    [JsonPropertyName("webhooks")] public IReadOnlyList<Core.Webhooks.WebhookTarget?>? Webhooks { get; init; }
}
