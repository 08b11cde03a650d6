using Transporter.Core.Migrations;
using Transporter.Core.Reports;
using Transporter.Testing.Persistence;

namespace Transporter.Core.Tests.Reports;

/// <summary>One preparation per migration across processes (a lease in the database), the latest bundle and its
/// hashed token, and expired links.</summary>
public abstract class ReportPreparationRepositoryTests : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);
    private RepositoryTestContext _ctx = null!;
    private ReportPreparationRepository _repo = null!;
    private Migration _migration = null!;
    private MigrationRun _run = null!;

    protected abstract Task<RepositoryTestContext> CreateContextAsync();

    public async Task InitializeAsync()
    {
        _ctx = await CreateContextAsync();
        _repo = new ReportPreparationRepository(_ctx.Database, _ctx.MigrationDatabase, _ctx.Clock);
        (_migration, _run) = await _ctx.StartedRunAsync();
    }

    public async Task DisposeAsync() => await _ctx.DisposeAsync();

    private DateTimeOffset LeaseEnd => _ctx.Clock.GetUtcNow() + Lease;

    [Fact]
    public async Task One_preparation_runs_per_migration_until_its_process_stops_renewing_the_lease()
    {
        Assert.False(await _repo.IsPreparingAsync(_migration.Id));
        Assert.True(await _repo.TryStartAsync(_migration.Id, _run.Id, "api-1", LeaseEnd));
        Assert.False(await _repo.TryStartAsync(_migration.Id, _run.Id, "api-2", LeaseEnd));
        Assert.True(await _repo.IsPreparingAsync(_migration.Id));

        _ctx.Clock.Advance(TimeSpan.FromSeconds(50));
        Assert.True(await _repo.RenewAsync(_migration.Id, "api-1", LeaseEnd));
        _ctx.Clock.Advance(TimeSpan.FromSeconds(50));
        Assert.True(await _repo.IsPreparingAsync(_migration.Id));
        Assert.False(await _repo.TryStartAsync(_migration.Id, _run.Id, "api-2", LeaseEnd));

        // api-1 dies: after its lease nobody is preparing, and another process may start.
        _ctx.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.False(await _repo.IsPreparingAsync(_migration.Id));
        Assert.True(await _repo.TryStartAsync(_migration.Id, _run.Id, "api-2", LeaseEnd));
        Assert.False(await _repo.RenewAsync(_migration.Id, "api-1", LeaseEnd));
        Assert.Equal((false, null), await _repo.CompleteAsync(_migration.Id, "api-1", "late.tar.gz", "00", LeaseEnd));
        Assert.False(await _repo.FailAsync(_migration.Id, "api-1", "late"));
        Assert.Equal((true, null), await _repo.CompleteAsync(_migration.Id, "api-2", "b2.tar.gz", "ab", LeaseEnd));
        Assert.Equal(("b2.tar.gz", ReportPreparationState.Ready), ((await _repo.GetAsync(_migration.Id))!.Bundle, (await _repo.GetAsync(_migration.Id))!.State));
    }

    [Fact]
    public async Task The_previous_bundle_stays_downloadable_while_the_next_is_prepared_and_is_replaced_when_it_completes()
    {
        var expires = _ctx.Clock.GetUtcNow().AddDays(7);
        await _repo.TryStartAsync(_migration.Id, _run.Id, "api-1", LeaseEnd);
        Assert.Equal((true, null), await _repo.CompleteAsync(_migration.Id, "api-1", "first.tar.gz", "aa11", expires));

        Assert.True(await _repo.TryStartAsync(_migration.Id, _run.Id, "api-1", LeaseEnd));
        var during = (await _repo.GetAsync(_migration.Id))!;
        var replaced = await _repo.CompleteAsync(_migration.Id, "api-1", "second.tar.gz", "bb22", expires.AddDays(1));
        var after = (await _repo.GetAsync(_migration.Id))!;

        Assert.Equal((ReportPreparationState.Preparing, "first.tar.gz", "aa11"), (during.State, during.Bundle, during.TokenHash));
        Assert.Equal((true, "first.tar.gz"), replaced);
        Assert.Equal((ReportPreparationState.Ready, "second.tar.gz", "bb22", expires.AddDays(1)), (after.State, after.Bundle, after.TokenHash, after.ExpiresAt));
        Assert.Null(after.Owner);
        Assert.False(after.IsPreparingAt(_ctx.Clock.GetUtcNow()));
    }

    [Fact]
    public async Task A_failed_preparation_records_why_and_keeps_the_previous_bundle()
    {
        await _repo.TryStartAsync(_migration.Id, _run.Id, "api-1", LeaseEnd);
        await _repo.CompleteAsync(_migration.Id, "api-1", "first.tar.gz", "aa11", _ctx.Clock.GetUtcNow().AddDays(7));
        await _repo.TryStartAsync(_migration.Id, _run.Id, "api-1", LeaseEnd);

        Assert.True(await _repo.FailAsync(_migration.Id, "api-1", "disk full"));
        var failed = (await _repo.GetAsync(_migration.Id))!;

        Assert.Equal((ReportPreparationState.Failed, "disk full", "first.tar.gz", "aa11"), (failed.State, failed.Error, failed.Bundle, failed.TokenHash));
        Assert.False(await _repo.IsPreparingAsync(_migration.Id));
        Assert.True(await _repo.TryStartAsync(_migration.Id, _run.Id, "api-1", LeaseEnd));
        Assert.Null((await _repo.GetAsync(_migration.Id))!.Error);
    }

    [Fact]
    public async Task Expired_links_are_found_and_forgotten_unless_a_new_bundle_replaced_them()
    {
        var (other, otherRun) = await _ctx.StartedRunAsync();
        await _repo.TryStartAsync(_migration.Id, _run.Id, "api-1", LeaseEnd);
        await _repo.CompleteAsync(_migration.Id, "api-1", "soon.tar.gz", "aa", _ctx.Clock.GetUtcNow().AddHours(1));
        await _repo.TryStartAsync(other.Id, otherRun.Id, "api-1", LeaseEnd);
        await _repo.CompleteAsync(other.Id, "api-1", "later.tar.gz", "bb", _ctx.Clock.GetUtcNow().AddDays(2));

        Assert.Empty(await _repo.FindExpiredBundlesAsync(_ctx.Clock.GetUtcNow(), 10));
        _ctx.Clock.Advance(TimeSpan.FromHours(1));
        var expired = await _repo.FindExpiredBundlesAsync(_ctx.Clock.GetUtcNow(), 10);

        Assert.Equal([(_migration.Id, "soon.tar.gz")], expired);
        Assert.False(await _repo.ForgetBundleAsync(_migration.Id, "another.tar.gz"));
        Assert.True(await _repo.ForgetBundleAsync(_migration.Id, "soon.tar.gz"));
        var forgotten = (await _repo.GetAsync(_migration.Id))!;
        Assert.Equal((null, null, null), (forgotten.Bundle, forgotten.TokenHash, forgotten.ExpiresAt));
        Assert.Empty(await _repo.FindExpiredBundlesAsync(_ctx.Clock.GetUtcNow(), 10));
        Assert.Equal("later.tar.gz", (await _repo.GetAsync(other.Id))!.Bundle);
    }
}
