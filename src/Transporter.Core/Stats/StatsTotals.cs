namespace Transporter.Core.Stats;

/// <summary>Sums of statistics points over a time range.</summary>
public sealed record StatsTotals(long FilesFound, long FilesTransferred, long FilesFailed, long BytesTransferred);
