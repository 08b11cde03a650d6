namespace Transporter.Core.Reports;

/// <summary>The values of report_preparations.state.</summary>
public static class ReportPreparationState
{
    /// <summary>A process holds the lease and is writing a bundle.</summary>
    public const string Preparing = "preparing";

    /// <summary>The last preparation wrote a bundle (the download columns describe it).</summary>
    public const string Ready = "ready";

    /// <summary>The last preparation failed; <see cref="ReportPreparation.Error"/> says why.</summary>
    public const string Failed = "failed";
}
