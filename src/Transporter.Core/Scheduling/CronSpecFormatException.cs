namespace Transporter.Core.Scheduling;

/// <summary>A cron spec that cannot be parsed; the message names exactly what is wrong
/// ("minute field '61' is out of range 0-59", "expected 5 fields, got 6").</summary>
public sealed class CronSpecFormatException(string message) : FormatException(message);
