namespace Transporter.Api.Reports;

/// <summary>Report preparation settings, bound from the "Transporter" section (TRANSPORTER_REPORT_LINK_LIFETIME_SECONDS
/// sets <see cref="ReportLinkLifetimeSeconds"/>).</summary>
public sealed class ReportOptions
{
    /// <summary>How long an emailed download link works; 7 days.</summary>
    public int ReportLinkLifetimeSeconds { get; set; } = 7 * 24 * 3600;

    /// <summary>How long a preparation's claim lasts without renewal (renewed every third of it): a process that dies
    /// mid-preparation stops counting as preparing after this.</summary>
    public int ReportLeaseSeconds { get; set; } = 60;

    public TimeSpan LinkLifetime => TimeSpan.FromSeconds(ReportLinkLifetimeSeconds);

    public TimeSpan Lease => TimeSpan.FromSeconds(ReportLeaseSeconds);

    /// <summary>Problems with the settings, each naming its variable; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (ReportLinkLifetimeSeconds is < 1 or > 366 * 24 * 3600)
            errors.Add($"TRANSPORTER_REPORT_LINK_LIFETIME_SECONDS must be 1..{366 * 24 * 3600} (a year), got {ReportLinkLifetimeSeconds}");
        if (ReportLeaseSeconds is < 3 or > 3600) errors.Add($"TRANSPORTER_REPORT_LEASE_SECONDS must be 3..3600, got {ReportLeaseSeconds}");
        return errors;
    }
}
