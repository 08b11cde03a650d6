namespace Transporter.Api.Reports;

/// <summary>A written report bundle: the tar.gz path and what it counted.</summary>
public sealed record ReportBundle(string Path, long ObjectsSucceeded, long ObjectsFailed, long BytesCopied, long SizeBytes);
