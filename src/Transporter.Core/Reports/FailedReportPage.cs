namespace Transporter.Core.Reports;

/// <summary>A page of a run's failed objects, in key order; <see cref="End"/> when no failed object follows it.</summary>
public sealed record FailedReportPage(IReadOnlyList<ObjectReport> Reports, bool End);
