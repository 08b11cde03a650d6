using Dapper;
using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;
using Transporter.Testing.Persistence;

namespace Transporter.Core.Tests.Migrations.Persistence;

/// <summary>The migration tables with the same SQL on SQLite and PostgreSQL: ownership, secrets, leases, checkpoints,
/// one-transaction commits that count nothing twice, pause/abort/retry.</summary>
public abstract class MigrationRepositoryTests : IAsyncLifetime
{
    private RepositoryTestContext _ctx = null!;
    private MigrationRepository Repo => _ctx.Repository;

    protected abstract Task<RepositoryTestContext> CreateContextAsync();

    public async Task InitializeAsync() => _ctx = await CreateContextAsync();

    public async Task DisposeAsync() => await _ctx.DisposeAsync();

    [Fact]
    public async Task Migrations_are_seen_by_their_owner_and_the_root_user_only()
    {
        var mine = RepositoryTestContext.NewMigration("acme", "alice");
        var colleague = RepositoryTestContext.NewMigration("acme", "bob");
        var foreign = RepositoryTestContext.NewMigration("globex", "alice");
        foreach (var m in new[] { mine, colleague, foreign })
            await Repo.CreateAsync(m, new EndpointPair(RepositoryTestContext.Endpoint("src"), RepositoryTestContext.Endpoint("dst")), startNow: false);

        var alice = new MigrationOwner("acme", "alice", IsRootUser: false);
        var acmeRoot = new MigrationOwner("acme", "root", IsRootUser: true);

        Assert.Equal([mine.Id], (await Repo.ListOwnedAsync(alice)).Select(m => m.Migration.Id));
        Assert.Equal(new[] { mine.Id, colleague.Id }.Order(), (await Repo.ListOwnedAsync(acmeRoot)).Select(m => m.Migration.Id).Order());
        Assert.Null(await Repo.GetOwnedAsync(foreign.Id, alice));
        Assert.Null(await Repo.GetOwnedAsync(colleague.Id, alice));
        Assert.NotNull(await Repo.GetOwnedAsync(colleague.Id, acmeRoot));
        Assert.Null((await Repo.GetOwnedAsync(mine.Id, alice))!.LatestRun);
    }

    [Fact]
    public async Task Credentials_round_trip_through_the_encrypted_column_only()
    {
        var migration = RepositoryTestContext.NewMigration();
        await Repo.CreateAsync(migration, new EndpointPair(RepositoryTestContext.Endpoint("src"), RepositoryTestContext.Endpoint("dst")), startNow: false);

        var endpoints = await Repo.GetEndpointsAsync(migration.Id);
        await using var connection = await _ctx.Database.OpenAsync();
        var stored = await connection.QuerySingleAsync<(string Source, string Secrets)>("SELECT source, secrets FROM migrations");

        Assert.Equal("secret-of-src", endpoints!.Source.SecretKey);
        Assert.Equal("AKIDEXAMPLEDST", endpoints.Destination.AccessKey);
        Assert.DoesNotContain("secret-of", stored.Source + stored.Secrets);
        Assert.DoesNotContain("AKIDEXAMPLE", stored.Source + stored.Secrets);
        Assert.Null((await Repo.GetAsync(migration.Id))!.Source.SecretKey);
    }

    [Fact]
    public async Task Only_one_lister_holds_a_run_until_its_lease_expires()
    {
        var (_, run) = await _ctx.StartedRunAsync();
        var until = _ctx.Clock.GetUtcNow().AddSeconds(30);

        Assert.False(await Repo.TryClaimListerAsync(run.Id, "lister-2", until));
        Assert.False(await Repo.RenewListerAsync(run.Id, "lister-2", until));
        Assert.Empty(await Repo.FindClaimableRunsAsync(10));
        _ctx.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal([run.Id], await Repo.FindClaimableRunsAsync(10));
        Assert.True(await Repo.TryClaimListerAsync(run.Id, "lister-2", _ctx.Clock.GetUtcNow().AddSeconds(30)));
        Assert.False(await Repo.RenewListerAsync(run.Id, "lister-1", until));
    }

    [Fact]
    public async Task A_batch_advances_the_checkpoint_only_for_the_lease_holder_at_the_expected_sequence()
    {
        var (_, run) = await _ctx.StartedRunAsync();
        var items = RepositoryTestContext.Items("a", "b");

        var first = await Repo.AddBatchAsync(run.Id, "lister-1", 0, items);
        var sameAgain = await Repo.AddBatchAsync(run.Id, "lister-1", 0, items);
        var wrongOwner = await Repo.AddBatchAsync(run.Id, "lister-2", 1, RepositoryTestContext.Items("c"));

        Assert.Equal(CopyBatch.IdFor(run.Id, 0), first!.Id);
        Assert.Null(sameAgain);
        Assert.Null(wrongOwner);
        var after = (await Repo.GetRunAsync(run.Id))!;
        Assert.Equal(("b", 1L, 2L), (after.LastKey, after.NextBatchSeq, after.FilesFound));
        Assert.Equal(201L, after.BytesFound);
        Assert.Equal(1, await Repo.CountOutstandingBatchesAsync(run.Id));
    }

    [Fact]
    public async Task A_batch_is_claimed_by_one_worker_until_its_lease_expires()
    {
        var (_, run) = await _ctx.StartedRunAsync();
        var batch = (await Repo.AddBatchAsync(run.Id, "lister-1", 0, RepositoryTestContext.Items("a")))!;
        var lease = _ctx.Clock.GetUtcNow().AddSeconds(30);

        var claimed = await Repo.TryClaimBatchAsync(batch.Id, "worker-1", lease);
        var second = await Repo.TryClaimBatchAsync(batch.Id, "worker-2", lease);
        _ctx.Clock.Advance(TimeSpan.FromSeconds(31));
        var afterExpiry = await Repo.TryClaimBatchAsync(batch.Id, "worker-2", _ctx.Clock.GetUtcNow().AddSeconds(30));

        Assert.Equal(["a"], claimed!.Items.Select(i => i.Key));
        Assert.Equal(100, claimed.Items[0].Size);
        Assert.Null(second);
        Assert.NotNull(afterExpiry);
        Assert.False(await Repo.RenewBatchAsync(batch.Id, "worker-1", lease));
    }

    [Fact]
    public async Task A_commit_counts_once_and_a_redelivered_batch_changes_nothing()
    {
        var (_, run) = await _ctx.StartedRunAsync();
        var items = RepositoryTestContext.Items("a", "b", "c");
        var batch = (await Repo.AddBatchAsync(run.Id, "lister-1", 0, items))!;
        await Repo.TryClaimBatchAsync(batch.Id, "worker-1", _ctx.Clock.GetUtcNow().AddSeconds(30));
        var outcomes = new[] { RepositoryTestContext.Succeeded(items[0]), RepositoryTestContext.Succeeded(items[1]), RepositoryTestContext.Failed(items[2]) };

        var commit = await Repo.CommitBatchAsync(batch, "worker-1", outcomes, []);
        var again = await Repo.CommitBatchAsync(batch, "worker-1", outcomes, []);
        var reclaimed = await Repo.TryClaimBatchAsync(batch.Id, "worker-2", _ctx.Clock.GetUtcNow().AddSeconds(30));

        Assert.Equal(new BatchCommit(2, 1, 201, 1), commit);
        Assert.Null(again);
        Assert.Null(reclaimed);
        var counted = (await Repo.GetRunAsync(run.Id))!;
        Assert.Equal((3L, 2L, 1L, 201L), (counted.FilesFound, counted.FilesCompleted, counted.FilesFailed, counted.BytesTransmitted));
        Assert.Equal(["a", "b", "c"], (await Repo.GetReportsAsync(run.Id, null, 10)).Select(r => r.ObjectKey));
        Assert.Equal("error writing the destination for object 'c': AccessDenied: Access Denied", Assert.Single(await Repo.GetErrorsAsync(run.Id)));
    }

    [Fact]
    public async Task A_commit_by_a_worker_that_lost_the_batch_writes_nothing()
    {
        var (_, run) = await _ctx.StartedRunAsync();
        var items = RepositoryTestContext.Items("a");
        var batch = (await Repo.AddBatchAsync(run.Id, "lister-1", 0, items))!;
        await Repo.TryClaimBatchAsync(batch.Id, "worker-1", _ctx.Clock.GetUtcNow().AddSeconds(30));
        _ctx.Clock.Advance(TimeSpan.FromMinutes(1));
        await Repo.TryClaimBatchAsync(batch.Id, "worker-2", _ctx.Clock.GetUtcNow().AddSeconds(30));

        var late = await Repo.CommitBatchAsync(batch, "worker-1", [RepositoryTestContext.Succeeded(items[0])], []);

        Assert.Null(late);
        Assert.Empty(await Repo.GetReportsAsync(run.Id, null, 10));
        Assert.Equal(0, (await Repo.GetRunAsync(run.Id))!.FilesCompleted);
    }

    [Fact]
    public async Task Objects_not_copied_go_back_to_the_batch_as_pending()
    {
        var (_, run) = await _ctx.StartedRunAsync();
        var items = RepositoryTestContext.Items("a", "b", "c");
        var batch = (await Repo.AddBatchAsync(run.Id, "lister-1", 0, items))!;
        await Repo.TryClaimBatchAsync(batch.Id, "worker-1", _ctx.Clock.GetUtcNow().AddSeconds(30));

        await Repo.CommitBatchAsync(batch, "worker-1", [RepositoryTestContext.Succeeded(items[0])], [items[1], items[2]]);
        var pending = await Repo.GetPendingBatchIdsAsync(run.Id);
        var resumed = await Repo.TryClaimBatchAsync(batch.Id, "worker-2", _ctx.Clock.GetUtcNow().AddSeconds(30));

        Assert.Equal(["b", "c"], resumed!.Items.Select(i => i.Key));
        Assert.Equal(1, (await Repo.GetRunAsync(run.Id))!.FilesCompleted);
        Assert.Equal([batch.Id], pending);
    }

    [Fact]
    public async Task A_run_completes_only_when_its_listing_ended_and_no_batch_is_left()
    {
        var (migration, run) = await _ctx.StartedRunAsync();
        var items = RepositoryTestContext.Items("a", "b");
        var batch = (await Repo.AddBatchAsync(run.Id, "lister-1", 0, items))!;

        Assert.Null(await Repo.TryCompleteAsync(run.Id));
        Assert.True(await Repo.CompleteListingAsync(run.Id, "lister-1"));
        Assert.Equal(MigrationState.SourceListCompleted, (await Repo.GetRunAsync(run.Id))!.State);
        Assert.Null(await Repo.TryCompleteAsync(run.Id));
        await Repo.TryClaimBatchAsync(batch.Id, "worker-1", _ctx.Clock.GetUtcNow().AddSeconds(30));
        await Repo.CommitBatchAsync(batch, "worker-1", [RepositoryTestContext.Succeeded(items[0]), RepositoryTestContext.Failed(items[1])], []);

        Assert.Equal(MigrationState.CompletedWithErrors, await Repo.TryCompleteAsync(run.Id));
        Assert.Null(await Repo.TryCompleteAsync(run.Id));
        var finished = (await Repo.GetOwnedAsync(migration.Id, new MigrationOwner("acme", "root", true)))!.LatestRun!;
        Assert.NotNull(finished.FinishedAt);
        Assert.True(finished.ListingCompleted);
    }

    [Fact]
    public async Task Retry_turns_the_failed_objects_into_batches_and_corrects_the_counters()
    {
        var (migration, run) = await _ctx.StartedRunAsync();
        var items = RepositoryTestContext.Items("a", "b", "c");
        var batch = (await Repo.AddBatchAsync(run.Id, "lister-1", 0, items))!;
        await Repo.CompleteListingAsync(run.Id, "lister-1");
        await Repo.TryClaimBatchAsync(batch.Id, "worker-1", _ctx.Clock.GetUtcNow().AddSeconds(30));
        await Repo.CommitBatchAsync(batch, "worker-1", [RepositoryTestContext.Succeeded(items[0]), RepositoryTestContext.Failed(items[1]),
            RepositoryTestContext.Failed(items[2])], []);
        Assert.Null(await Repo.RetryAsync(run.Id));
        await Repo.TryCompleteAsync(run.Id);

        var retried = await Repo.RetryAsync(run.Id);
        var retryBatch = (await Repo.TryClaimBatchAsync(Assert.Single(retried!), "worker-2", _ctx.Clock.GetUtcNow().AddSeconds(30)))!;
        // The retry copies b; c fails again; a redelivered success of a is ignored.
        await Repo.CommitBatchAsync(retryBatch, "worker-2", [RepositoryTestContext.Succeeded(items[1]), RepositoryTestContext.Failed(items[2], "again"),
            RepositoryTestContext.Failed(items[0], "must not replace a success")], []);

        Assert.Equal(["b", "c"], retryBatch.Items.Select(i => i.Key));
        Assert.All(items, i => Assert.NotNull(i.ETag));
        // A retry copies whatever version is there now: the listed ETag would make a changed object fail again.
        Assert.All(retryBatch.Items, i => Assert.Null(i.ETag));
        Assert.Equal(CopyBatch.IdFor(run.Id, 1), retryBatch.Id);
        var after = (await Repo.GetRunAsync(run.Id))!;
        Assert.Equal((3L, 2L, 1L, 100L + 101L), (after.FilesFound, after.FilesCompleted, after.FilesFailed, after.BytesTransmitted));
        Assert.Equal(MigrationState.CompletedWithErrors, await Repo.TryCompleteAsync(run.Id));
        var reports = (await Repo.GetReportsAsync(run.Id, null, 10)).ToDictionary(r => r.ObjectKey);
        Assert.True(reports["a"].Succeeded);
        Assert.True(reports["b"].Succeeded);
        Assert.Equal("again", reports["c"].DestinationWritingErr);
        Assert.Equal(migration.Id, (await Repo.GetRunAsync(run.Id))!.MigrationId);
    }

    [Fact]
    public async Task Retry_of_a_run_whose_listing_failed_keeps_its_uncopied_batches_and_lists_on()
    {
        var (_, run) = await _ctx.StartedRunAsync();
        var listed = (await Repo.AddBatchAsync(run.Id, "lister-1", 0, RepositoryTestContext.Items("a", "b")))!;
        await Repo.TryClaimBatchAsync(listed.Id, "worker-1", _ctx.Clock.GetUtcNow().AddSeconds(30));
        Assert.True(await Repo.TryMoveAsync(run.Id, MigrationState.Failed));

        var batches = await Repo.RetryAsync(run.Id);

        Assert.Equal([listed.Id], batches);
        var retried = (await Repo.GetRunAsync(run.Id))!;
        Assert.Equal((MigrationState.Queued, "b", 1L, false), (retried.State, retried.LastKey, retried.NextBatchSeq, retried.ListingCompleted));
        Assert.Null(retried.FinishedAt);
        Assert.Equal(["a", "b"], (await Repo.TryClaimBatchAsync(listed.Id, "worker-2", _ctx.Clock.GetUtcNow().AddSeconds(30)))!.Items.Select(i => i.Key));
        Assert.Equal([run.Id], await Repo.FindClaimableRunsAsync(10));
    }

    [Fact]
    public async Task Pause_lets_go_of_the_lister_and_resume_returns_to_the_previous_state()
    {
        var (migration, run) = await _ctx.StartedRunAsync();
        await Repo.TryMoveAsync(run.Id, MigrationState.Running);

        var paused = await Repo.SetPausedAsync(migration.Id, true);
        var pausedAgain = await Repo.SetPausedAsync(migration.Id, true);

        Assert.Equal(MigrationState.Paused, paused!.State);
        Assert.Null(pausedAgain);
        Assert.True((await Repo.GetAsync(migration.Id))!.Paused);
        Assert.False(await Repo.RenewListerAsync(run.Id, "lister-1", _ctx.Clock.GetUtcNow().AddSeconds(30)));
        Assert.Empty(await Repo.FindClaimableRunsAsync(10));
        Assert.Equal(MigrationState.Running, (await Repo.SetPausedAsync(migration.Id, false))!.State);
        Assert.Equal([run.Id], await Repo.FindClaimableRunsAsync(10));
    }

    [Fact]
    public async Task Abort_terminates_and_keeps_the_outstanding_objects_for_a_retry()
    {
        var (_, run) = await _ctx.StartedRunAsync();
        var held = (await Repo.AddBatchAsync(run.Id, "lister-1", 0, RepositoryTestContext.Items("a", "c")))!;
        var waiting = (await Repo.AddBatchAsync(run.Id, "lister-1", 1, RepositoryTestContext.Items("b")))!;
        await Repo.CompleteListingAsync(run.Id, "lister-1");
        await Repo.TryClaimBatchAsync(held.Id, "worker-1", _ctx.Clock.GetUtcNow().AddSeconds(30));

        Assert.True(await Repo.AbortAsync(run.Id));
        Assert.False(await Repo.AbortAsync(run.Id));

        Assert.Equal(MigrationState.Terminated, (await Repo.GetRunAsync(run.Id))!.State);
        // The worker copying "a" records what it finished and gives "c", cancelled, back; "b" waits untouched.
        Assert.NotNull(await Repo.CommitBatchAsync(held, "worker-1", [RepositoryTestContext.Succeeded(held.Items[0])], [held.Items[1]]));
        Assert.Equal([held.Id, waiting.Id], await Repo.GetPendingBatchIdsAsync(run.Id));
        Assert.Null(await Repo.TryCompleteAsync(run.Id));

        // A retry publishes both batches again; once they are copied the run is Completed with every object accounted for.
        Assert.Equal([held.Id, waiting.Id], await Repo.RetryAsync(run.Id));
        foreach (var id in new[] { held.Id, waiting.Id })
        {
            var batch = (await Repo.TryClaimBatchAsync(id, "worker-2", _ctx.Clock.GetUtcNow().AddSeconds(30)))!;
            Assert.NotNull(await Repo.CommitBatchAsync(batch, "worker-2", batch.Items.Select(RepositoryTestContext.Succeeded).ToList(), []));
        }
        Assert.Equal(MigrationState.Completed, await Repo.TryCompleteAsync(run.Id));
        var done = (await Repo.GetRunAsync(run.Id))!;
        Assert.Equal((3L, 3L, 0L), (done.FilesFound, done.FilesCompleted, done.FilesFailed));
    }

    [Fact]
    public async Task A_run_whose_listed_objects_lack_an_outcome_never_ends_Completed_and_says_how_many()
    {
        var (_, run) = await _ctx.StartedRunAsync();
        var batch = (await Repo.AddBatchAsync(run.Id, "lister-1", 0, RepositoryTestContext.Items("a", "b", "c")))!;
        await Repo.CompleteListingAsync(run.Id, "lister-1");
        await Repo.TryClaimBatchAsync(batch.Id, "worker-1", _ctx.Clock.GetUtcNow().AddSeconds(30));
        // Only "a" is recorded, and the batch is gone: two listed objects were lost without a trace.
        Assert.NotNull(await Repo.CommitBatchAsync(batch, "worker-1", [RepositoryTestContext.Succeeded(batch.Items[0])], []));

        Assert.Equal(MigrationState.CompletedWithErrors, await Repo.TryCompleteAsync(run.Id));
        Assert.Equal(["2 listed objects have no outcome (neither copied nor failed); run a sync to copy what is missing"],
            await Repo.GetErrorsAsync(run.Id));
    }

    [Fact]
    public async Task Errors_are_capped_per_run()
    {
        var (_, run) = await _ctx.StartedRunAsync();
        for (var i = 0; i < MigrationRepository.MaxErrorsPerRun + 20; i++) await Repo.AddErrorAsync(run.Id, $"error {i}");

        var errors = await Repo.GetErrorsAsync(run.Id);

        Assert.Equal(MigrationRepository.MaxErrorsPerRun, errors.Count);
        Assert.Equal("error 0", errors[0]);
    }

    [Fact]
    public async Task Statistics_points_are_kept_per_minute_for_migrations_that_enable_them()
    {
        var (migration, run) = await _ctx.StartedRunAsync(enableStatistics: true);
        var items = RepositoryTestContext.Items("a", "b");
        var batch = (await Repo.AddBatchAsync(run.Id, "lister-1", 0, items))!;
        await Repo.TryClaimBatchAsync(batch.Id, "worker-1", _ctx.Clock.GetUtcNow().AddSeconds(30));
        await Repo.CommitBatchAsync(batch, "worker-1", [RepositoryTestContext.Succeeded(items[0]), RepositoryTestContext.Failed(items[1])], []);
        var (_, unrecorded) = await _ctx.StartedRunAsync();
        await Repo.AddBatchAsync(unrecorded.Id, "lister-1", 0, items);

        await using var connection = await _ctx.Database.OpenAsync();
        var points = (await connection.QueryAsync<(string Id, long Found, long Transferred, long Failed, long Bytes)>(
            "SELECT migration_id, files_found, files_transferred, files_failed, bytes_transferred FROM migration_stats")).ToList();

        Assert.Equal((migration.Id.ToString(), 2L, 1L, 1L, 100L), Assert.Single(points));
    }
}
