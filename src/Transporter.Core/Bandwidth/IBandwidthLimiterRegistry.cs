namespace Transporter.Core.Bandwidth;

/// <summary>
/// The bandwidth limiter of each running migration, keyed by migration id: every transfer of a migration in this
/// process takes budget from the same <see cref="IBandwidthLimiter"/>, and the API changes the limit through
/// <see cref="SetRate"/> while the migration runs.
/// </summary>
/// <remarks>
/// <para>This is the seam for a limit held across worker processes. <see cref="BandwidthLimiterRegistry"/> keeps the
/// whole budget in one process (the embedded default). The distributed implementation
/// (Transporter.Worker.Bandwidth.SharedBandwidthLimiterRegistry, on PostgreSQL) keeps the same contract: each process
/// still hands out one in-process gate per migration, but that gate is refilled only from the migration's budget in the
/// database, a token-bucket row that every worker takes slices from in one atomic statement, so the workers together
/// stay within the limit and the budget goes to whichever of them has transfers waiting (docs/migration-engine.md,
/// "Bandwidth across workers").</para>
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
