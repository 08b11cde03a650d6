namespace Transporter.Core.Migrations;

/// <summary>
/// The transitions a run's state may take (docs/migration-engine.md, "States"). Every state change in the database is a
/// conditional UPDATE whose WHERE clause lists <see cref="From"/> of the target, so concurrent actors (API, listers,
/// workers) can never move a run along an edge that is not here.
/// </summary>
public static class MigrationStateMachine
{
    /// <summary>States in which a run is being worked on (preflight, listing or copying).</summary>
    public static readonly IReadOnlyList<MigrationState> Active =
        [MigrationState.Queued, MigrationState.Verified, MigrationState.Started, MigrationState.Running, MigrationState.SourceListCompleted];

    /// <summary>States a run ends in (<see cref="MigrationStates.IsFinished"/>).</summary>
    public static readonly IReadOnlyList<MigrationState> Finished =
        [MigrationState.Completed, MigrationState.CompletedWithErrors, MigrationState.Failed, MigrationState.Terminated];

    private static readonly Dictionary<MigrationState, MigrationState[]> Sources = new()
    {
        // Preflight passed.
        [MigrationState.Verified] = [MigrationState.Queued],
        // Listing begins (directly from Queued when skipVerify).
        [MigrationState.Started] = [MigrationState.Queued, MigrationState.Verified],
        // The first batch is being copied; also resume (from Paused) and retry (from a finished state).
        [MigrationState.Running] = [MigrationState.Verified, MigrationState.Started, MigrationState.Paused, .. Finished],
        // Listing ended (from Verified when it found nothing to copy); also resume of a run whose listing had ended.
        [MigrationState.SourceListCompleted] = [MigrationState.Verified, MigrationState.Started, MigrationState.Running, MigrationState.Paused],
        // Listing ended and no batch is outstanding.
        [MigrationState.Completed] = [MigrationState.Running, MigrationState.SourceListCompleted],
        [MigrationState.CompletedWithErrors] = [MigrationState.Running, MigrationState.SourceListCompleted],
        // Preflight or listing failed, or copying cannot go on (the bucket is gone, the credentials are refused).
        [MigrationState.Failed] = [.. Active],
        [MigrationState.Paused] = [.. Active],
        [MigrationState.Terminated] = [.. Active, MigrationState.Paused, MigrationState.Waiting],
        // Resume of a run paused before a worker started it; retry of a run whose listing had not ended.
        [MigrationState.Queued] = [MigrationState.Paused, .. Finished],
        // A scheduled migration between runs.
        [MigrationState.Waiting] = [MigrationState.Completed, MigrationState.CompletedWithErrors, MigrationState.Failed],
    };

    /// <summary>The states a run may move to <paramref name="to"/> from.</summary>
    public static IReadOnlyList<MigrationState> From(MigrationState to) => Sources.TryGetValue(to, out var from) ? from : [];

    public static bool CanMove(MigrationState from, MigrationState to) => From(to).Contains(from);

    /// <summary>Where a paused run goes back to on resume: SourceListCompleted once its listing ended, Running once a
    /// worker started it, else Queued.</summary>
    public static MigrationState ResumeState(bool listingCompleted, bool started) =>
        listingCompleted ? MigrationState.SourceListCompleted : started ? MigrationState.Running : MigrationState.Queued;

    /// <summary>Where a finished run goes on retry: Running to copy its failed objects, or Queued to also finish its
    /// listing (and preflight again) when the listing had not ended.</summary>
    public static MigrationState RetryState(bool listingCompleted) =>
        listingCompleted ? MigrationState.Running : MigrationState.Queued;
}
