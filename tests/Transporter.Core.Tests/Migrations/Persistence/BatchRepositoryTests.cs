using Dapper;
using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;
using Transporter.Testing.Persistence;

namespace Transporter.Core.Tests.Migrations.Persistence;

/// <summary><see cref="BatchRepository"/> with the same SQL on SQLite and PostgreSQL: checkpoints only for the lease
/// holder, claims with leases, one-transaction commits that count nothing twice, statistics points.</summary>
public abstract class BatchRepositoryTests : RepositoryTests
{
    [Fact]
    public async Task A_batch_advances_the_checkpoint_only_for_the_lease_holder_at_the_expected_sequence()
    {
        var (_, run) = await Ctx.StartedRunAsync();
        var items = RepositoryTestContext.Items("a", "b");

        var first = await Batches.AddBatchAsync(run.Id, "lister-1", 0, items);
        var sameAgain = await Batches.AddBatchAsync(run.Id, "lister-1", 0, items);
        var wrongOwner = await Batches.AddBatchAsync(run.Id, "lister-2", 1, RepositoryTestContext.Items("c"));

        Assert.Equal(CopyBatch.IdFor(run.Id, 0), first!.Id);
        Assert.Null(sameAgain);
        Assert.Null(wrongOwner);
        var after = (await Runs.GetRunAsync(run.Id))!;
        Assert.Equal(("b", 1L, 2L), (after.LastKey, after.NextBatchSeq, after.FilesFound));
        Assert.Equal(201L, after.BytesFound);
        Assert.Equal(1, await Batches.CountOutstandingBatchesAsync(run.Id));
    }

    [Fact]
    public async Task A_batch_is_claimed_by_one_worker_until_its_lease_expires()
    {
        var (_, run) = await Ctx.StartedRunAsync();
        var batch = (await Batches.AddBatchAsync(run.Id, "lister-1", 0, RepositoryTestContext.Items("a")))!;
        var lease = Ctx.Clock.GetUtcNow().AddSeconds(30);

        var claimed = await Batches.TryClaimBatchAsync(batch.Id, "worker-1", lease);
        var second = await Batches.TryClaimBatchAsync(batch.Id, "worker-2", lease);
        Ctx.Clock.Advance(TimeSpan.FromSeconds(31));
        var afterExpiry = await Batches.TryClaimBatchAsync(batch.Id, "worker-2", Ctx.Clock.GetUtcNow().AddSeconds(30));

        Assert.Equal(["a"], claimed!.Items.Select(i => i.Key));
        Assert.Equal(100, claimed.Items[0].Size);
        Assert.Null(second);
        Assert.NotNull(afterExpiry);
        Assert.False(await Batches.RenewBatchAsync(batch.Id, "worker-1", lease));
    }

    [Fact]
    public async Task A_commit_counts_once_and_a_redelivered_batch_changes_nothing()
    {
        var (_, run) = await Ctx.StartedRunAsync();
        var items = RepositoryTestContext.Items("a", "b", "c");
        var batch = (await Batches.AddBatchAsync(run.Id, "lister-1", 0, items))!;
        await Batches.TryClaimBatchAsync(batch.Id, "worker-1", Ctx.Clock.GetUtcNow().AddSeconds(30));
        var outcomes = new[] { RepositoryTestContext.Succeeded(items[0]), RepositoryTestContext.Succeeded(items[1]), RepositoryTestContext.Failed(items[2]) };

        var commit = await Batches.CommitBatchAsync(batch, "worker-1", outcomes, []);
        var again = await Batches.CommitBatchAsync(batch, "worker-1", outcomes, []);
        var reclaimed = await Batches.TryClaimBatchAsync(batch.Id, "worker-2", Ctx.Clock.GetUtcNow().AddSeconds(30));

        Assert.Equal(new BatchCommit(2, 1, 201, 1), commit);
        Assert.Null(again);
        Assert.Null(reclaimed);
        var counted = (await Runs.GetRunAsync(run.Id))!;
        Assert.Equal((3L, 2L, 1L, 201L), (counted.FilesFound, counted.FilesCompleted, counted.FilesFailed, counted.BytesTransmitted));
        Assert.Equal(["a", "b", "c"], (await Reports.GetReportsAsync(run.Id, null, 10)).Select(r => r.ObjectKey));
        Assert.Equal("error writing the destination for object 'c': AccessDenied: Access Denied", Assert.Single(await Runs.GetErrorsAsync(run.Id)));
    }

    [Fact]
    public async Task A_commit_by_a_worker_that_lost_the_batch_writes_nothing()
    {
        var (_, run) = await Ctx.StartedRunAsync();
        var items = RepositoryTestContext.Items("a");
        var batch = (await Batches.AddBatchAsync(run.Id, "lister-1", 0, items))!;
        await Batches.TryClaimBatchAsync(batch.Id, "worker-1", Ctx.Clock.GetUtcNow().AddSeconds(30));
        Ctx.Clock.Advance(TimeSpan.FromMinutes(1));
        await Batches.TryClaimBatchAsync(batch.Id, "worker-2", Ctx.Clock.GetUtcNow().AddSeconds(30));

        var late = await Batches.CommitBatchAsync(batch, "worker-1", [RepositoryTestContext.Succeeded(items[0])], []);

        Assert.Null(late);
        Assert.Empty(await Reports.GetReportsAsync(run.Id, null, 10));
        Assert.Equal(0, (await Runs.GetRunAsync(run.Id))!.FilesCompleted);
    }

    [Fact]
    public async Task Objects_not_copied_go_back_to_the_batch_as_pending()
    {
        var (_, run) = await Ctx.StartedRunAsync();
        var items = RepositoryTestContext.Items("a", "b", "c");
        var batch = (await Batches.AddBatchAsync(run.Id, "lister-1", 0, items))!;
        await Batches.TryClaimBatchAsync(batch.Id, "worker-1", Ctx.Clock.GetUtcNow().AddSeconds(30));

        await Batches.CommitBatchAsync(batch, "worker-1", [RepositoryTestContext.Succeeded(items[0])], [items[1], items[2]]);
        var pending = await Batches.GetPendingBatchIdsAsync(run.Id);
        var resumed = await Batches.TryClaimBatchAsync(batch.Id, "worker-2", Ctx.Clock.GetUtcNow().AddSeconds(30));

        Assert.Equal(["b", "c"], resumed!.Items.Select(i => i.Key));
        Assert.Equal(1, (await Runs.GetRunAsync(run.Id))!.FilesCompleted);
        Assert.Equal([batch.Id], pending);
    }

    [Fact]
    public async Task Statistics_points_are_kept_per_minute_for_migrations_that_enable_them()
    {
        var (migration, run) = await Ctx.StartedRunAsync(enableStatistics: true);
        var items = RepositoryTestContext.Items("a", "b");
        var batch = (await Batches.AddBatchAsync(run.Id, "lister-1", 0, items))!;
        await Batches.TryClaimBatchAsync(batch.Id, "worker-1", Ctx.Clock.GetUtcNow().AddSeconds(30));
        await Batches.CommitBatchAsync(batch, "worker-1", [RepositoryTestContext.Succeeded(items[0]), RepositoryTestContext.Failed(items[1])], []);
        var (_, unrecorded) = await Ctx.StartedRunAsync();
        await Batches.AddBatchAsync(unrecorded.Id, "lister-1", 0, items);

        await using var connection = await Ctx.Database.OpenAsync();
        var points = (await connection.QueryAsync<(string Id, long Found, long Transferred, long Failed, long Bytes)>(
            "SELECT migration_id, files_found, files_transferred, files_failed, bytes_transferred FROM migration_stats")).ToList();

        Assert.Equal((migration.Id.ToString(), 2L, 1L, 1L, 100L), Assert.Single(points));
    }
}
