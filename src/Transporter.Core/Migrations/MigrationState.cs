namespace Transporter.Core.Migrations;

/// <summary>The spec's migration states; the numbers are the API contract.</summary>
public enum MigrationState
{
    Started = 0,
    Running = 1,
    Completed = 2,
    Terminated = 3,
    Waiting = 4,
    Paused = 5,
    Failed = 6,
    CompletedWithErrors = 7,
    SourceListCompleted = 8,
    Queued = 9,
    Verified = 10,
}

public static class MigrationStates
{
    /// <summary>The PascalCase stateDescription of the API ("CompletedWithErrors").</summary>
    public static string Description(this MigrationState state) => state.ToString();

    /// <summary>States a run ends in; retry and reports act only on these.</summary>
    public static bool IsFinished(this MigrationState state) =>
        state is MigrationState.Completed or MigrationState.CompletedWithErrors or MigrationState.Failed or MigrationState.Terminated;
}
