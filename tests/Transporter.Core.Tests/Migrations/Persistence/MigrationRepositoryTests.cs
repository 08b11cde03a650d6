using Dapper;
using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;
using Transporter.Testing.Persistence;

namespace Transporter.Core.Tests.Migrations.Persistence;

/// <summary><see cref="MigrationRepository"/> with the same SQL on SQLite and PostgreSQL: ownership, secrets, pause and resume.</summary>
public abstract class MigrationRepositoryTests : RepositoryTests
{
    [Fact]
    public async Task Migrations_are_seen_by_their_owner_and_the_root_user_only()
    {
        var mine = RepositoryTestContext.NewMigration("acme", "alice");
        var colleague = RepositoryTestContext.NewMigration("acme", "bob");
        var foreign = RepositoryTestContext.NewMigration("globex", "alice");
        foreach (var m in new[] { mine, colleague, foreign })
            await Migrations.CreateAsync(m, new EndpointPair(RepositoryTestContext.Endpoint("src"), RepositoryTestContext.Endpoint("dst")), startNow: false);

        var alice = new MigrationOwner("acme", "alice", IsRootUser: false);
        var acmeRoot = new MigrationOwner("acme", "root", IsRootUser: true);

        Assert.Equal([mine.Id], (await Migrations.ListOwnedAsync(alice)).Select(m => m.Migration.Id));
        Assert.Equal(new[] { mine.Id, colleague.Id }.Order(), (await Migrations.ListOwnedAsync(acmeRoot)).Select(m => m.Migration.Id).Order());
        Assert.Null(await Migrations.GetOwnedAsync(foreign.Id, alice));
        Assert.Null(await Migrations.GetOwnedAsync(colleague.Id, alice));
        Assert.NotNull(await Migrations.GetOwnedAsync(colleague.Id, acmeRoot));
        Assert.Null((await Migrations.GetOwnedAsync(mine.Id, alice))!.LatestRun);
    }

    [Fact]
    public async Task Credentials_round_trip_through_the_encrypted_column_only()
    {
        var migration = RepositoryTestContext.NewMigration();
        await Migrations.CreateAsync(migration, new EndpointPair(RepositoryTestContext.Endpoint("src"), RepositoryTestContext.Endpoint("dst")), startNow: false);

        var endpoints = await Migrations.GetEndpointsAsync(migration.Id);
        await using var connection = await Ctx.Database.OpenAsync();
        var stored = await connection.QuerySingleAsync<(string Source, string Secrets)>("SELECT source, secrets FROM migrations");

        Assert.Equal("secret-of-src", endpoints!.Source.SecretKey);
        Assert.Equal("AKIDEXAMPLEDST", endpoints.Destination.AccessKey);
        Assert.DoesNotContain("secret-of", stored.Source + stored.Secrets);
        Assert.DoesNotContain("AKIDEXAMPLE", stored.Source + stored.Secrets);
        Assert.Null((await Migrations.GetAsync(migration.Id))!.Source.SecretKey);
    }

    [Fact]
    public async Task Pause_lets_go_of_the_lister_and_resume_returns_to_the_previous_state()
    {
        var (migration, run) = await Ctx.StartedRunAsync();
        await Runs.TryMoveAsync(run.Id, MigrationState.Running);

        var paused = await Migrations.SetPausedAsync(migration.Id, true);
        var pausedAgain = await Migrations.SetPausedAsync(migration.Id, true);

        Assert.Equal(MigrationState.Paused, paused!.State);
        Assert.Null(pausedAgain);
        Assert.True((await Migrations.GetAsync(migration.Id))!.Paused);
        Assert.False(await Leases.RenewListerAsync(run.Id, "lister-1", Ctx.Clock.GetUtcNow().AddSeconds(30)));
        Assert.Empty(await Leases.FindClaimableRunsAsync(10));
        Assert.Equal(MigrationState.Running, (await Migrations.SetPausedAsync(migration.Id, false))!.State);
        Assert.Equal([run.Id], await Leases.FindClaimableRunsAsync(10));
    }
}
