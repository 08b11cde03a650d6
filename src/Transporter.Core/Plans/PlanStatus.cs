namespace Transporter.Core.Plans;

/// <summary>The spec's plan statuses: queued → tested (preflight passed) → running (scanning the source) → ended,
/// or aborted (DELETE /plans/:id) or failed (preflight or listing error).</summary>
public static class PlanStatus
{
    public const string Queued = "queued";
    public const string Tested = "tested";
    public const string Running = "running";
    public const string Ended = "ended";
    public const string Aborted = "aborted";
    public const string Failed = "failed";

    /// <summary>Statuses of a plan not ended yet: a scanner may work on it and DELETE may abort it.</summary>
    public static readonly IReadOnlyList<string> Active = [Queued, Tested, Running];

    public static bool IsActive(string status) => Active.Contains(status);
}
