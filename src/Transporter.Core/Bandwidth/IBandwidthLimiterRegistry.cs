namespace Transporter.Core.Bandwidth;

/// <summary>
/// The bandwidth limiter of each running migration, keyed by migration id: every transfer of a migration in this
/// process takes budget from the same <see cref="IBandwidthLimiter"/>, and the API changes the limit through
/// <see cref="SetRate"/> while the migration runs.
/// </summary>
/// <remarks>
/// <para>This is the seam for a limit held across worker processes. <see cref="BandwidthLimiterRegistry"/> keeps the
/// whole budget in one process (the embedded default). A distributed implementation keeps the same contract and
/// still hands out local <see cref="BandwidthLimiter"/> buckets, but sets each one's rate to the share of the
/// migration's limit that a coordinator leases to this worker: a worker asks for a lease when a migration's first
/// batch arrives, reports its demand (queue length, bytes moved) every second or so, and the coordinator splits the
/// limit among the workers holding leases (e.g. in proportion to demand, with a small floor) and answers with new
/// shares, which the worker applies with <see cref="IBandwidthLimiter.SetRate"/>. A lease that is not renewed
/// expires, so a dead worker's share returns to the others. Because the shares always sum to the limit, the
/// migration's total rate stays under it, and a change of limit reaches every worker on its next renewal.</para>
/// <para>Callers only use this interface and <see cref="IBandwidthLimiter"/>, so swapping the implementation
/// changes nothing in the copy engine.</para>
/// </remarks>
public interface IBandwidthLimiterRegistry
{
    /// <summary>The migration's limiter, created with <paramref name="bytesPerSecond"/> when absent (an existing
    /// limiter keeps its current rate, which <see cref="SetRate"/> may have changed since).</summary>
    IBandwidthLimiter GetOrCreate(Guid migrationId, long bytesPerSecond);

    /// <summary>Sets the migration's limit (0 = unlimited), creating its limiter when absent so a later
    /// <see cref="GetOrCreate"/> sees the latest limit.</summary>
    void SetRate(Guid migrationId, long bytesPerSecond);

    /// <summary>Forgets a finished migration's limiter; transfers still waiting on it fail with ObjectDisposedException.</summary>
    void Remove(Guid migrationId);
}
