namespace Transporter.Core.Stats;

/// <summary>The statistics of one period starting at <see cref="Start"/>: net changes of the runs' counters in it.</summary>
public sealed record StatsPoint(DateTimeOffset Start, long FilesFound, long FilesTransferred, long FilesFailed, long BytesTransferred);
