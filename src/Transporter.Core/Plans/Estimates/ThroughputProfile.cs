namespace Transporter.Core.Plans.Estimates;

/// <summary>
/// Measured speed of earlier runs between two endpoint types: per size bin, objects per second and bytes per second
/// (each run's wall time shared among its bins in proportion to the time its objects of each bin took), and the same
/// over all bins. Null rates: nothing of that bin was measured.
/// </summary>
public sealed record ThroughputProfile
{
    /// <summary>Runs measured, and where: e.g. "3 earlier runs s3v4 → lyve of this root".</summary>
    public required int Runs { get; init; }

    public required string Scope { get; init; }

    public long Objects { get; init; }
    public long Bytes { get; init; }

    /// <summary>Per <see cref="SizeBins"/> bin: (objects/s, bytes/s), or null when the bin was not measured.</summary>
    public required IReadOnlyList<(double ObjectsPerSecond, double BytesPerSecond)?> Bins { get; init; }

    public (double ObjectsPerSecond, double BytesPerSecond)? Overall { get; init; }

    public static ThroughputProfile None(string scope) => new() { Runs = 0, Scope = scope, Bins = new (double, double)?[SizeBins.Count] };
}
