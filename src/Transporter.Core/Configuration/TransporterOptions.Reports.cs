namespace Transporter.Core.Configuration;

public sealed partial class TransporterOptions
{
    /// <summary>How long an emailed report download link works; 7 days.</summary>
    public int ReportLinkLifetimeSeconds { get; set; } = 7 * 24 * 3600;

    /// <summary>How long a report preparation's claim lasts without renewal (renewed every third of it): a process that
    /// dies mid-preparation stops counting as preparing after this.</summary>
    public int ReportLeaseSeconds { get; set; } = 60;

    public TimeSpan ReportLinkLifetime => TimeSpan.FromSeconds(ReportLinkLifetimeSeconds);

    public TimeSpan ReportLease => TimeSpan.FromSeconds(ReportLeaseSeconds);
}
