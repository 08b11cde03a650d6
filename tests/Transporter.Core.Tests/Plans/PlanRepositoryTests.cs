using System.Security.Cryptography;
using Dapper;
using Transporter.Core.Migrations;
using Transporter.Core.Plans;
using Transporter.Core.Plans.Persistence;
using Transporter.Core.Security;
using Transporter.Testing.Persistence;

namespace Transporter.Core.Tests.Plans;

/// <summary>The plan tables (<see cref="PlanRepository"/>, <see cref="PlanScanRepository"/>) with the same SQL on SQLite
/// and PostgreSQL: ownership, encrypted credentials, the scanner lease and checkpoints (written by the lease holder
/// only), abort and failure, associated migrations.</summary>
public abstract class PlanRepositoryTests : IAsyncLifetime
{
    private RepositoryTestContext _ctx = null!;
    private PlanRepository _plans = null!;
    private PlanScanRepository _scans = null!;

    protected abstract Task<RepositoryTestContext> CreateContextAsync();

    public async Task InitializeAsync()
    {
        _ctx = await CreateContextAsync();
        var tables = new PlanDatabase(_ctx.Database, _ctx.Clock);
        _plans = new PlanRepository(tables, new SecretProtector(RandomNumberGenerator.GetBytes(32)));
        _scans = new PlanScanRepository(tables);
    }

    public async Task DisposeAsync() => await _ctx.DisposeAsync();

    private static Plan NewPlan(string root = "acme", string user = "root", bool sync = false, Guid? migrationId = null) => new()
    {
        Id = Guid.NewGuid(),
        Root = root,
        UserName = user,
        Sync = sync,
        SyncMode = SyncMode.Simple,
        Source = RepositoryTestContext.Endpoint("src").WithoutSecrets(),
        Destination = RepositoryTestContext.Endpoint("dst").WithoutSecrets(),
        MigrationId = migrationId,
    };

    private static EndpointPair Pair() => new(RepositoryTestContext.Endpoint("src"), RepositoryTestContext.Endpoint("dst"));

    private async Task<Plan> CreateAsync(Plan? plan = null)
    {
        plan ??= NewPlan();
        await _plans.CreateAsync(plan, Pair());
        return plan;
    }

    [Fact]
    public async Task Plans_are_seen_by_their_owner_and_the_root_user_only_with_credentials_only_encrypted()
    {
        var mine = await CreateAsync(NewPlan("acme", "alice"));
        var colleague = await CreateAsync(NewPlan("acme", "bob"));
        var foreign = await CreateAsync(NewPlan("globex", "alice"));
        var alice = new MigrationOwner("acme", "alice", IsRootUser: false);
        var acmeRoot = new MigrationOwner("acme", "root", IsRootUser: true);

        Assert.Equal([mine.Id], (await _plans.ListOwnedAsync(alice)).Select(p => p.Id));
        Assert.Equal(new[] { mine.Id, colleague.Id }.Order(), (await _plans.ListOwnedAsync(acmeRoot)).Select(p => p.Id).Order());
        Assert.Null(await _plans.GetOwnedAsync(foreign.Id, alice));
        Assert.Null(await _plans.GetOwnedAsync(colleague.Id, alice));
        var stored = await _plans.GetOwnedAsync(colleague.Id, acmeRoot);
        Assert.Equal(PlanStatus.Queued, stored!.Status);
        Assert.Equal(new long[12], stored.Tally.Bins);
        Assert.Null(stored.Source.SecretKey);

        Assert.Equal("secret-of-src", (await _plans.GetEndpointsAsync(mine.Id))!.Source.SecretKey);
        await using var connection = await _ctx.Database.OpenAsync();
        var columns = await connection.QueryAsync<string>("SELECT source || destination || secrets FROM plans");
        Assert.All(columns, c => Assert.DoesNotContain("secret-of", c));
        Assert.All(columns, c => Assert.DoesNotContain("AKIDEXAMPLE", c));
    }

    [Fact]
    public async Task Only_one_scanner_holds_a_plan_until_its_lease_expires_and_only_it_writes_progress()
    {
        var plan = await CreateAsync();
        var until = _ctx.Clock.GetUtcNow().AddSeconds(30);

        Assert.Equal([plan.Id], await _scans.FindClaimableAsync(10));
        Assert.True(await _scans.TryClaimScanAsync(plan.Id, "scanner-1", until));
        Assert.False(await _scans.TryClaimScanAsync(plan.Id, "scanner-2", until));
        Assert.Empty(await _scans.FindClaimableAsync(10));
        Assert.False(await _scans.TryAdvanceAsync(plan.Id, "scanner-2", PlanStatus.Running));
        Assert.True(await _scans.TryAdvanceAsync(plan.Id, "scanner-1", PlanStatus.Tested));
        Assert.True(await _scans.TryAdvanceAsync(plan.Id, "scanner-1", PlanStatus.Running));
        var tally = new PlanTally();
        tally.Add("a", 5);
        Assert.False(await _scans.CheckpointAsync(plan.Id, "scanner-2", tally));
        Assert.True(await _scans.CheckpointAsync(plan.Id, "scanner-1", tally));

        _ctx.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal([plan.Id], await _scans.FindClaimableAsync(10));
        Assert.True(await _scans.TryClaimScanAsync(plan.Id, "scanner-2", _ctx.Clock.GetUtcNow().AddSeconds(30)));
        Assert.False(await _scans.RenewScanAsync(plan.Id, "scanner-1", _ctx.Clock.GetUtcNow().AddSeconds(30)));
        Assert.False(await _scans.CheckpointAsync(plan.Id, "scanner-1", tally));

        var resumed = (await _plans.GetAsync(plan.Id))!;
        Assert.Equal(PlanStatus.Running, resumed.Status);
        Assert.Equal("a", resumed.Tally.LastKey);
        Assert.Equal(1, resumed.Tally.Objects);
        Assert.NotNull(resumed.StartedAt);
    }

    [Fact]
    public async Task A_completed_scan_ends_the_plan_with_its_counts_and_an_ended_plan_cannot_be_aborted()
    {
        var plan = await CreateAsync();
        await _scans.TryClaimScanAsync(plan.Id, "scanner-1", _ctx.Clock.GetUtcNow().AddSeconds(30));
        await _scans.TryAdvanceAsync(plan.Id, "scanner-1", PlanStatus.Running);
        var tally = new PlanTally();
        foreach (var (key, size) in new[] { ("a", 0L), ("b", 11L), ("c", 20_000_000_000L) }) tally.Add(key, size);

        Assert.True(await _scans.CompleteScanAsync(plan.Id, "scanner-1", tally));

        var ended = (await _plans.GetAsync(plan.Id))!;
        Assert.Equal(PlanStatus.Ended, ended.Status);
        Assert.Equal(_ctx.Clock.GetUtcNow(), ended.EndedAt);
        Assert.Equal(3, ended.Tally.Objects);
        Assert.Equal(20_000_000_011L, ended.Tally.Bytes);
        Assert.Equal([1L, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], ended.Tally.Bins);
        Assert.Empty(await _scans.FindClaimableAsync(10));
        Assert.Equal((false, PlanStatus.Ended), await _plans.AbortAsync(plan.Id));
        Assert.Null(await _plans.AbortAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task An_abort_stops_the_scanner_at_its_next_renewal_or_checkpoint()
    {
        var plan = await CreateAsync();
        await _scans.TryClaimScanAsync(plan.Id, "scanner-1", _ctx.Clock.GetUtcNow().AddSeconds(30));
        await _scans.TryAdvanceAsync(plan.Id, "scanner-1", PlanStatus.Running);

        Assert.Equal((true, PlanStatus.Aborted), await _plans.AbortAsync(plan.Id));

        Assert.False(await _scans.RenewScanAsync(plan.Id, "scanner-1", _ctx.Clock.GetUtcNow().AddSeconds(30)));
        Assert.False(await _scans.CheckpointAsync(plan.Id, "scanner-1", new PlanTally()));
        Assert.False(await _scans.CompleteScanAsync(plan.Id, "scanner-1", new PlanTally()));
        var aborted = (await _plans.GetAsync(plan.Id))!;
        Assert.Equal(PlanStatus.Aborted, aborted.Status);
        Assert.NotNull(aborted.EndedAt);
        Assert.Equal((false, PlanStatus.Aborted), await _plans.AbortAsync(plan.Id));
    }

    [Fact]
    public async Task A_failed_scan_records_its_error()
    {
        var plan = await CreateAsync();
        await _scans.TryClaimScanAsync(plan.Id, "scanner-1", _ctx.Clock.GetUtcNow().AddSeconds(30));

        Assert.False(await _scans.FailScanAsync(plan.Id, "scanner-2", "not mine"));
        Assert.True(await _scans.FailScanAsync(plan.Id, "scanner-1", "preflight: error reading the source: NoSuchBucket"));

        Assert.Equal(PlanStatus.Failed, (await _plans.GetAsync(plan.Id))!.Status);
        Assert.Equal(["preflight: error reading the source: NoSuchBucket"], await _plans.GetErrorsAsync(plan.Id));
    }

    [Fact]
    public async Task A_plan_is_associated_with_the_migration_it_came_from_and_those_made_from_it()
    {
        var origin = RepositoryTestContext.NewMigration();
        await _ctx.Migrations.CreateAsync(origin, Pair(), startNow: false);
        var plan = await CreateAsync(NewPlan(migrationId: origin.Id));
        var other = await CreateAsync();
        var fromPlan = RepositoryTestContext.NewMigration() with { PlanId = plan.Id };
        _ctx.Clock.Advance(TimeSpan.FromSeconds(1));
        await _ctx.Migrations.CreateAsync(fromPlan, Pair(), startNow: false);

        var associated = await _plans.GetAssociatedMigrationsAsync([plan, other]);

        Assert.Equal([new AssociatedMigration("acme", origin.Id), new AssociatedMigration("acme", fromPlan.Id)], associated[plan.Id]);
        Assert.Empty(associated[other.Id]);
    }
}
