using Transporter.Core.Migrations.Persistence;

namespace Transporter.Core.Tests.Migrations.Persistence;

/// <summary><see cref="ListerLeaseRepository"/> with the same SQL on SQLite and PostgreSQL: one lister per run until its lease expires.</summary>
public abstract class ListerLeaseRepositoryTests : RepositoryTests
{
    [Fact]
    public async Task Only_one_lister_holds_a_run_until_its_lease_expires()
    {
        var (_, run) = await Ctx.StartedRunAsync();
        var until = Ctx.Clock.GetUtcNow().AddSeconds(30);

        Assert.False(await Leases.TryClaimListerAsync(run.Id, "lister-2", until));
        Assert.False(await Leases.RenewListerAsync(run.Id, "lister-2", until));
        Assert.Empty(await Leases.FindClaimableRunsAsync(10));
        Ctx.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal([run.Id], await Leases.FindClaimableRunsAsync(10));
        Assert.True(await Leases.TryClaimListerAsync(run.Id, "lister-2", Ctx.Clock.GetUtcNow().AddSeconds(30)));
        Assert.False(await Leases.RenewListerAsync(run.Id, "lister-1", until));
    }
}
