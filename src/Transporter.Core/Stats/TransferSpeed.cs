namespace Transporter.Core.Stats;

/// <summary>Objects and bytes transferred during the last <see cref="IntervalSeconds"/> seconds.</summary>
public sealed record TransferSpeed(long Objects, long Bytes, int IntervalSeconds);
