namespace Transporter.Api.Reports;

/// <summary>One CSV column of a report file and the sentence (with its unit) that the file's header explains it with.</summary>
public sealed record ReportColumn(string Name, string Description);
