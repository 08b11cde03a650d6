using Transporter.Core.Migrations;

namespace Transporter.Core.Tests.Migrations;

public sealed class MigrationStateMachineTests
{
    [Fact]
    public void State_numbers_and_descriptions_are_the_specs()
    {
        var expected = new Dictionary<int, string>
        {
            [0] = "Started", [1] = "Running", [2] = "Completed", [3] = "Terminated", [4] = "Waiting", [5] = "Paused", [6] = "Failed",
            [7] = "CompletedWithErrors", [8] = "SourceListCompleted", [9] = "Queued", [10] = "Verified",
        };

        Assert.Equal(expected, Enum.GetValues<MigrationState>().ToDictionary(s => (int)s, s => s.Description()));
    }

    [Theory]
    [InlineData(MigrationState.Queued, MigrationState.Verified)]
    [InlineData(MigrationState.Verified, MigrationState.Started)]
    [InlineData(MigrationState.Queued, MigrationState.Started)]
    [InlineData(MigrationState.Started, MigrationState.Running)]
    [InlineData(MigrationState.Running, MigrationState.SourceListCompleted)]
    [InlineData(MigrationState.SourceListCompleted, MigrationState.Completed)]
    [InlineData(MigrationState.SourceListCompleted, MigrationState.CompletedWithErrors)]
    [InlineData(MigrationState.Queued, MigrationState.Failed)]
    [InlineData(MigrationState.Running, MigrationState.Paused)]
    [InlineData(MigrationState.Paused, MigrationState.Running)]
    [InlineData(MigrationState.Paused, MigrationState.Terminated)]
    [InlineData(MigrationState.CompletedWithErrors, MigrationState.Running)]
    [InlineData(MigrationState.Terminated, MigrationState.Queued)]
    public void The_life_of_a_run_follows_these_edges(MigrationState from, MigrationState to) =>
        Assert.True(MigrationStateMachine.CanMove(from, to));

    [Theory]
    [InlineData(MigrationState.Completed, MigrationState.Paused)]
    [InlineData(MigrationState.Terminated, MigrationState.Completed)]
    [InlineData(MigrationState.Paused, MigrationState.Completed)]
    [InlineData(MigrationState.Queued, MigrationState.Completed)]
    [InlineData(MigrationState.Failed, MigrationState.Terminated)]
    [InlineData(MigrationState.SourceListCompleted, MigrationState.Started)]
    [InlineData(MigrationState.Running, MigrationState.Verified)]
    [InlineData(MigrationState.Completed, MigrationState.Completed)]
    public void A_run_never_takes_these_edges(MigrationState from, MigrationState to) =>
        Assert.False(MigrationStateMachine.CanMove(from, to));

    [Fact]
    public void Finished_runs_leave_their_state_only_by_retry_or_a_schedule()
    {
        foreach (var finished in MigrationStateMachine.Finished)
        {
            var exits = Enum.GetValues<MigrationState>().Where(to => MigrationStateMachine.CanMove(finished, to)).ToHashSet();
            Assert.Subset(new HashSet<MigrationState> { MigrationState.Running, MigrationState.Queued, MigrationState.Waiting }, exits);
            Assert.True(finished.IsFinished());
        }
    }

    [Theory]
    [InlineData(true, true, MigrationState.SourceListCompleted)]
    [InlineData(false, true, MigrationState.Running)]
    [InlineData(false, false, MigrationState.Queued)]
    public void Resume_returns_to_where_the_run_was(bool listingCompleted, bool started, MigrationState expected) =>
        Assert.Equal(expected, MigrationStateMachine.ResumeState(listingCompleted, started));
}
