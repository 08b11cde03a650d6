using Transporter.Api.Migrations.Contracts;
using Transporter.Core.Endpoints;
using Transporter.Core.Migrations;

namespace Transporter.Api.Gui.Services;

/// <summary>The new-migration form: what POST /migrations (or /sync, /verify) would carry, with the bandwidth in human units.</summary>
public sealed class MigrationForm
{
    /// <summary>The "reports ready" notification of the spec: mail a download link when reports are prepared.</summary>
    public const string ReportsReadyEvent = "reports ready";

    public string Kind { get; set; } = MigrationKind.Migration;
    public string SyncMode { get; set; } = Core.Migrations.SyncMode.Simple;

    /// <summary>A verify run reads both ends and compares the bytes, not only sizes and checksums (POST /verify's deep).</summary>
    public bool Deep { get; set; }
    public EndpointForm Source { get; } = new();
    public EndpointForm Destination { get; } = new();
    public bool DeleteAfterUpload { get; set; }
    public bool EnableStatistics { get; set; } = true;
    public string BandwidthNumber { get; set; } = "";
    public string BandwidthUnit { get; set; } = "MB/s";
    public string NotifyEmails { get; set; } = "";
    public bool Scheduled { get; set; }
    public string CronSpec { get; set; } = "@daily";
    public int MaxRuns { get; set; }
    public FilterForm Filters { get; } = new();

    /// <summary>The bandwidth timetable as typed, one window per line (<see cref="TimetableText"/>).</summary>
    public string Timetable { get; set; } = "";

    /// <summary>The timetable's time zone (IANA name); empty is UTC.</summary>
    public string TimeZone { get; set; } = "";

    /// <summary>One webhook (URL and signing secret); empty URL: none.</summary>
    public string WebhookUrl { get; set; } = "";
    public string WebhookSecret { get; set; } = "";

    /// <summary>Copy every version of each object (a migration from a versioned S3 bucket).</summary>
    public bool AllVersions { get; set; }

    /// <summary>A mirror sync: delete at the destination what the source no longer has.</summary>
    public bool DeleteExtraneous { get; set; }

    /// <summary>The mirror's guard as typed: "100", "10%" or empty (no limit).</summary>
    public string MaxDelete { get; set; } = "";

    /// <param name="filters">What <see cref="FilterForm.ToFilter"/> made of <see cref="Filters"/>.</param>
    /// <param name="timetable">What <see cref="TimetableText.Parse"/> made of <see cref="Timetable"/>.</param>
    public MigrationRequest ToRequest(Core.Filters.ObjectFilter? filters, IReadOnlyList<Core.Bandwidth.BandwidthWindow> timetable) => new()
    {
        BandwidthTimetable = timetable.Count > 0 ? [.. timetable] : null,
        Webhooks = WebhookUrl.Trim() is { Length: > 0 } url ? [new Core.Webhooks.WebhookTarget { Url = url, Secret = WebhookSecret }] : null,
        TimeZone = timetable.Count > 0 && TimeZone.Trim() is { Length: > 0 } zone ? zone : null,
        Filters = filters,
        AllVersions = Kind == MigrationKind.Migration && AllVersions ? true : null,
        DeleteExtraneous = Kind == MigrationKind.Sync && DeleteExtraneous ? true : null,
        MaxDelete = Kind == MigrationKind.Sync && DeleteExtraneous && MaxDelete.Trim() is { Length: > 0 } max
            ? System.Text.Json.JsonSerializer.SerializeToElement(max.EndsWith('%') ? max : (object)(long.TryParse(max, out var n) ? n : max))
            : null,
        Source = Source.ToConfig(EndpointRole.Source),
        Destination = Destination.ToConfig(EndpointRole.Destination),
        DeleteAfterUpload = DeleteAfterUpload,
        EnableStatistics = EnableStatistics,
        Deep = Kind == MigrationKind.Verify ? Deep : null,
        Crontab = Scheduled ? new CrontabConfig { Spec = CronSpec.Trim(), MaxRuns = MaxRuns } : null,
        Notifications = Emails() is { Count: > 0 } emails
            ? [new NotificationConfig { Event = ReportsReadyEvent, Carrier = "email", Destination = emails }]
            : [],
    };

    private List<string> Emails() =>
        NotifyEmails.Split([',', ';', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
