using System.Text.Json.Serialization;
using Transporter.Core.Bandwidth;
using Transporter.Core.Filters;
using Transporter.Core.Webhooks;

namespace Transporter.Core.Migrations;

/// <summary>
/// The controls a migration or sync may have beyond the spec's fields (docs/migration-controls.md), stored together
/// as one JSON document. Each defaults to the spec's behaviour.
/// </summary>
public sealed record MigrationControls
{
    public static readonly MigrationControls None = new();

    /// <summary>Which source objects the runs consider; null considers all.</summary>
    [JsonPropertyName("filters")] public ObjectFilter? Filters { get; init; }

    /// <summary>A mirror sync: objects at the destination (within the filters) that the source no longer has are deleted
    /// once every listed object was copied, guarded by <see cref="MaxDelete"/>.</summary>
    [JsonPropertyName("deleteExtraneous")] public bool DeleteExtraneous { get; init; }

    /// <summary>The most a mirror sync's run deletes; over it, nothing is deleted. Null: no limit.</summary>
    [JsonPropertyName("maxDelete")] public DeleteLimit? MaxDelete { get; init; }

    /// <summary>A weekly bandwidth table: inside a window its limit applies, outside every window the migration's own
    /// limit (<see cref="Bandwidth.BandwidthTimetable"/>).</summary>
    [JsonPropertyName("bandwidthTimetable")] public IReadOnlyList<BandwidthWindow>? BandwidthTimetable { get; init; }

    /// <summary>The time zone of <see cref="BandwidthTimetable"/> (IANA name); null is UTC.</summary>
    [JsonPropertyName("timeZone")] public string? TimeZone { get; init; }

    /// <summary>Where the migration's events are POSTed, signed (URLs only: the secrets are in <see cref="EndpointPair"/>).</summary>
    [JsonPropertyName("webhooks")] public IReadOnlyList<WebhookTarget>? Webhooks { get; init; }

    /// <summary>Copy every version of each object, oldest first, delete markers included (migrations from a source that
    /// keeps versions); the report maps source to destination version ids.</summary>
    [JsonPropertyName("allVersions")] public bool AllVersions { get; init; }
}
