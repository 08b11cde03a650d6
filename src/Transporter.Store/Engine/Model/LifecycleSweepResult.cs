namespace Transporter.Store.Engine.Model;

/// <summary>What one lifecycle sweep did.</summary>
public sealed record LifecycleSweepResult
{
    /// <summary>Current versions deleted (or hidden behind a delete marker in versioned buckets).</summary>
    public int Expired { get; init; }
    public int NoncurrentRemoved { get; init; }
    public int DeleteMarkersRemoved { get; init; }
    public int UploadsAborted { get; init; }

    public int Total => Expired + NoncurrentRemoved + DeleteMarkersRemoved + UploadsAborted;
}
