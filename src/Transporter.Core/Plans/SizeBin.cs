namespace Transporter.Core.Plans;

/// <summary>One bin of a plan's size distribution: objects of <see cref="Min"/> to <see cref="Max"/> bytes, both
/// included, shown as <see cref="Label"/>.</summary>
public sealed record SizeBin(string Label, long Min, long Max);
