using System.Text.Json;
using System.Text.Json.Serialization;
using Transporter.Core.Bandwidth;
using Transporter.Core.Endpoints;
using Transporter.Core.Filters;
using Transporter.Core.Migrations;

namespace Transporter.Api.Migrations.Contracts;

/// <summary>The body of POST /migrations and POST /sync.</summary>
public sealed record MigrationRequest
{
    [JsonPropertyName("source")] public EndpointConfig? Source { get; init; }
    [JsonPropertyName("destination")] public EndpointConfig? Destination { get; init; }

    /// <summary>A schedule: the migration is stored and started by its schedule, not at once.</summary>
    [JsonPropertyName("crontab")] public CrontabConfig? Crontab { get; init; }

    [JsonPropertyName("enableStatistics")] public bool? EnableStatistics { get; init; }
    [JsonPropertyName("notifications")] public IReadOnlyList<NotificationConfig>? Notifications { get; init; }

    /// <summary>Delete each source object after its verified copy.</summary>
    [JsonPropertyName("deleteAfterUpload")] public bool? DeleteAfterUpload { get; init; }

    /// <summary>Skip the preflight (read the source, write and delete a probe at the destination).</summary>
    [JsonPropertyName("skipVerify")] public bool? SkipVerify { get; init; }

    /// <summary>POST /verify only: read both copies of each object and compare their bytes (MD5), not only what the
    /// listings say.</summary>
    [JsonPropertyName("deep")] public bool? Deep { get; init; }

    /// <summary>Which source objects the runs consider (docs/migration-controls.md); absent considers all.</summary>
    [JsonPropertyName("filters")] public ObjectFilter? Filters { get; init; }

    /// <summary>Syncs only: delete at the destination what the source no longer has (a mirror).</summary>
    [JsonPropertyName("deleteExtraneous")] public bool? DeleteExtraneous { get; init; }

    /// <summary>With deleteExtraneous: the most a run deletes, a count (100) or a percentage of the destination ("10%").</summary>
    [JsonPropertyName("maxDelete")] public JsonElement? MaxDelete { get; init; }

    /// <summary>A weekly bandwidth table (docs/migration-controls.md): inside a window its limit, outside every window the
    /// bandwidth-limit of the query (or POST /bandwidth).</summary>
    [JsonPropertyName("bandwidthTimetable")] public IReadOnlyList<BandwidthWindow?>? BandwidthTimetable { get; init; }

    /// <summary>Where the migration's events (run.started, run.ended, run.failed, report.ready) are POSTed, signed with
    /// HMAC-SHA256 of each secret (docs/migration-controls.md).</summary>
    [JsonPropertyName("webhooks")] public IReadOnlyList<Core.Webhooks.WebhookTarget?>? Webhooks { get; init; }

    /// <summary>POST /migrations only: copy every version of each object, oldest first, delete markers included.</summary>
    [JsonPropertyName("allVersions")] public bool? AllVersions { get; init; }

    /// <summary>The time zone of the timetable: an IANA name; UTC when absent.</summary>
    [JsonPropertyName("timeZone")] public string? TimeZone { get; init; }
}
