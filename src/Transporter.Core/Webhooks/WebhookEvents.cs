namespace Transporter.Core.Webhooks;

/// <summary>The events a migration's webhooks receive (the <c>event</c> field and the X-Transporter-Event header).</summary>
public static class WebhookEvents
{
    /// <summary>A worker took a new run (its first claim).</summary>
    public const string RunStarted = "run.started";

    /// <summary>A run ended Completed, CompletedWithErrors or Terminated.</summary>
    public const string RunEnded = "run.ended";

    /// <summary>A run ended Failed.</summary>
    public const string RunFailed = "run.failed";

    /// <summary>The report bundle of a run is ready; the payload has its download link.</summary>
    public const string ReportReady = "report.ready";
}
