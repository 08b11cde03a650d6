namespace Transporter.Core.Bandwidth;

/// <summary>
/// A byte budget per second shared by every transfer of one migration. Callers take tokens for the bytes they move
/// (<see cref="ThrottledStream"/> does it for reads); waiters are served in arrival order.
/// </summary>
public interface IBandwidthLimiter
{
    /// <summary>The current limit in bytes per second; 0 means unlimited.</summary>
    long BytesPerSecond { get; }

    /// <summary>Changes the limit; waiters already queued are served at the new rate at once. 0 = unlimited.</summary>
    void SetRate(long bytesPerSecond);

    /// <summary>Completes when <paramref name="bytes"/> bytes may be moved. Completes synchronously when budget is
    /// available and nobody is queued. Throws <see cref="OperationCanceledException"/> on cancellation, having taken
    /// nothing from the budget.</summary>
    ValueTask WaitAsync(int bytes, CancellationToken ct);
}
