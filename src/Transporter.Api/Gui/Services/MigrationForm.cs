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

    public MigrationRequest ToRequest() => new()
    {
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
