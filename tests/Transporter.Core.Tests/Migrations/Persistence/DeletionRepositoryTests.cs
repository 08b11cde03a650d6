using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;
using Transporter.Testing.Persistence;

namespace Transporter.Core.Tests.Migrations.Persistence;

/// <summary><see cref="DeletionRepository"/> with the same SQL on SQLite and PostgreSQL: a mirror's deletions
/// (candidates with the checkpoints, the guard's verdict, outcomes and completion).</summary>
public abstract class DeletionRepositoryTests : RepositoryTests
{
    [Theory]
    [InlineData("20%", DeletionVerdict.Refused)]
    [InlineData("30%", DeletionVerdict.Delete)]
    [InlineData("2", DeletionVerdict.Refused)]
    [InlineData("3", DeletionVerdict.Delete)]
    public async Task The_guard_counts_the_candidates_and_the_destination_stored_with_the_checkpoints(string maxDelete, DeletionVerdict expected)
    {
        var limit = DeleteLimit.Parse(maxDelete)!;
        var (_, run) = await CreateAsync(new MigrationControls { DeleteExtraneous = true, MaxDelete = limit }, kind: MigrationKind.Sync);
        Assert.True(await Leases.TryClaimListerAsync(run.Id, "lister-1", Ctx.Clock.GetUtcNow().AddSeconds(30)));
        Assert.True(await Runs.TryMoveAsync(run.Id, MigrationState.Started));
        var gone = RepositoryTestContext.Items("x", "y", "z");

        // 10 destination objects seen: 6 up to the batch, 4 after; 3 of them extraneous, one stored twice.
        var batch = await Batches.AddBatchAsync(run.Id, "lister-1", 0, RepositoryTestContext.Items("a"), default, new DestinationTally([gone[0]], 6));
        await Deletions.AddExtraneousAsync(run.Id, [gone[0], gone[1]]);
        Assert.True(await Leases.CompleteListingAsync(run.Id, "lister-1", default, new DestinationTally([gone[1], gone[2]], 4)));
        Assert.NotNull(await Batches.TryClaimBatchAsync(batch!.Id, "worker-1", Ctx.Clock.GetUtcNow().AddSeconds(30)));
        Assert.NotNull(await Batches.CommitBatchAsync(batch, "worker-1", [RepositoryTestContext.Succeeded(batch.Items[0])], []));
        Assert.Null(await Runs.TryCompleteAsync(run.Id)); // candidates pending

        var verdict = await Deletions.DecideDeletionsAsync(run.Id, limit);

        Assert.Equal(expected, verdict);
        Assert.Equal(10, (await Runs.GetRunAsync(run.Id))!.DestinationSeen);
        if (verdict == DeletionVerdict.Refused)
        {
            Assert.Contains($"mirror: 3 of the destination's 10 objects are not at the source, more than maxDelete {maxDelete} allows; nothing was deleted",
                await Runs.GetErrorsAsync(run.Id));
            Assert.Equal(MigrationState.CompletedWithErrors, await Runs.TryCompleteAsync(run.Id));
            Assert.All(await Deletions.GetDeletionsAsync(run.Id, null, 10), d => Assert.Equal(DeletionStatus.Refused, d.Status));
            return;
        }
        Assert.Equal(["x", "y", "z"], (await Deletions.GetPendingDeletionsAsync(run.Id, 10)).Select(o => o.Key));
        await Deletions.CommitDeletionsAsync(run.Id, [new DeletionOutcome("x", null), new DeletionOutcome("y", null), new DeletionOutcome("z", "AccessDenied: no")]);
        await Deletions.CommitDeletionsAsync(run.Id, [new DeletionOutcome("x", null)]); // a chunk committed twice counts once
        Assert.Equal(MigrationState.CompletedWithErrors, await Runs.TryCompleteAsync(run.Id));
        Assert.Equal(2, (await Runs.GetRunAsync(run.Id))!.FilesDeleted);
        Assert.Equal([("x", "deleted"), ("y", "deleted"), ("z", "failed")], (await Deletions.GetDeletionsAsync(run.Id, null, 10)).Select(d => (d.ObjectKey, d.Status)));

        // A retry tries the failed delete again.
        Assert.NotNull(await Reports.RetryAsync(run.Id));
        Assert.Equal(["z"], (await Deletions.GetPendingDeletionsAsync(run.Id, 10)).Select(o => o.Key));
    }
}
