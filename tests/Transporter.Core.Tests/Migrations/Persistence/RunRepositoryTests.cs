using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;
using Transporter.Testing.Persistence;

namespace Transporter.Core.Tests.Migrations.Persistence;

/// <summary><see cref="RunRepository"/> with the same SQL on SQLite and PostgreSQL: completion only when every listed
/// object has an outcome, abort keeping what is left for a retry, capped errors.</summary>
public abstract class RunRepositoryTests : RepositoryTests
{
    [Fact]
    public async Task A_run_completes_only_when_its_listing_ended_and_no_batch_is_left()
    {
        var (migration, run) = await Ctx.StartedRunAsync();
        var items = RepositoryTestContext.Items("a", "b");
        var batch = (await Batches.AddBatchAsync(run.Id, "lister-1", 0, items))!;

        Assert.Null(await Runs.TryCompleteAsync(run.Id));
        Assert.True(await Leases.CompleteListingAsync(run.Id, "lister-1"));
        Assert.Equal(MigrationState.SourceListCompleted, (await Runs.GetRunAsync(run.Id))!.State);
        Assert.Null(await Runs.TryCompleteAsync(run.Id));
        await Batches.TryClaimBatchAsync(batch.Id, "worker-1", Ctx.Clock.GetUtcNow().AddSeconds(30));
        await Batches.CommitBatchAsync(batch, "worker-1", [RepositoryTestContext.Succeeded(items[0]), RepositoryTestContext.Failed(items[1])], []);

        Assert.Equal(MigrationState.CompletedWithErrors, await Runs.TryCompleteAsync(run.Id));
        Assert.Null(await Runs.TryCompleteAsync(run.Id));
        var finished = (await Migrations.GetOwnedAsync(migration.Id, new MigrationOwner("acme", "root", true)))!.LatestRun!;
        Assert.NotNull(finished.FinishedAt);
        Assert.True(finished.ListingCompleted);
    }

    [Fact]
    public async Task Abort_terminates_and_keeps_the_outstanding_objects_for_a_retry()
    {
        var (_, run) = await Ctx.StartedRunAsync();
        var held = (await Batches.AddBatchAsync(run.Id, "lister-1", 0, RepositoryTestContext.Items("a", "c")))!;
        var waiting = (await Batches.AddBatchAsync(run.Id, "lister-1", 1, RepositoryTestContext.Items("b")))!;
        await Leases.CompleteListingAsync(run.Id, "lister-1");
        await Batches.TryClaimBatchAsync(held.Id, "worker-1", Ctx.Clock.GetUtcNow().AddSeconds(30));

        Assert.True(await Runs.AbortAsync(run.Id));
        Assert.False(await Runs.AbortAsync(run.Id));

        Assert.Equal(MigrationState.Terminated, (await Runs.GetRunAsync(run.Id))!.State);
        // The worker copying "a" records what it finished and gives "c", cancelled, back; "b" waits untouched.
        Assert.NotNull(await Batches.CommitBatchAsync(held, "worker-1", [RepositoryTestContext.Succeeded(held.Items[0])], [held.Items[1]]));
        Assert.Equal([held.Id, waiting.Id], await Batches.GetPendingBatchIdsAsync(run.Id));
        Assert.Null(await Runs.TryCompleteAsync(run.Id));

        // A retry publishes both batches again; once they are copied the run is Completed with every object accounted for.
        Assert.Equal([held.Id, waiting.Id], await Reports.RetryAsync(run.Id));
        foreach (var id in new[] { held.Id, waiting.Id })
        {
            var batch = (await Batches.TryClaimBatchAsync(id, "worker-2", Ctx.Clock.GetUtcNow().AddSeconds(30)))!;
            Assert.NotNull(await Batches.CommitBatchAsync(batch, "worker-2", batch.Items.Select(RepositoryTestContext.Succeeded).ToList(), []));
        }
        Assert.Equal(MigrationState.Completed, await Runs.TryCompleteAsync(run.Id));
        var done = (await Runs.GetRunAsync(run.Id))!;
        Assert.Equal((3L, 3L, 0L), (done.FilesFound, done.FilesCompleted, done.FilesFailed));
    }

    [Fact]
    public async Task A_run_whose_listed_objects_lack_an_outcome_never_ends_Completed_and_says_how_many()
    {
        var (_, run) = await Ctx.StartedRunAsync();
        var batch = (await Batches.AddBatchAsync(run.Id, "lister-1", 0, RepositoryTestContext.Items("a", "b", "c")))!;
        await Leases.CompleteListingAsync(run.Id, "lister-1");
        await Batches.TryClaimBatchAsync(batch.Id, "worker-1", Ctx.Clock.GetUtcNow().AddSeconds(30));
        // Only "a" is recorded, and the batch is gone: two listed objects were lost without a trace.
        Assert.NotNull(await Batches.CommitBatchAsync(batch, "worker-1", [RepositoryTestContext.Succeeded(batch.Items[0])], []));

        Assert.Equal(MigrationState.CompletedWithErrors, await Runs.TryCompleteAsync(run.Id));
        Assert.Equal(["2 listed objects have no outcome (neither copied nor failed); run a sync to copy what is missing"],
            await Runs.GetErrorsAsync(run.Id));
    }

    [Fact]
    public async Task Errors_are_capped_per_run()
    {
        var (_, run) = await Ctx.StartedRunAsync();
        for (var i = 0; i < RunRepository.MaxErrorsPerRun + 20; i++) await Runs.AddErrorAsync(run.Id, $"error {i}");

        var errors = await Runs.GetErrorsAsync(run.Id);

        Assert.Equal(RunRepository.MaxErrorsPerRun, errors.Count);
        Assert.Equal("error 0", errors[0]);
    }
}
