using Transporter.Api.Scheduling.Persistence;
using Transporter.Testing.Persistence;

namespace Transporter.Api.Tests.Scheduling;

/// <summary>The schedule table with the same SQL on SQLite and PostgreSQL: a firing counts once and never past
/// maxRuns, a skip uncounts it, POST /recurring's runs resets the counter.</summary>
public abstract class ScheduleRepositoryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Minute = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private RepositoryTestContext _ctx = null!;
    private ScheduleRepository _schedules = null!;

    protected abstract Task<RepositoryTestContext> CreateContextAsync();

    public async Task InitializeAsync()
    {
        _ctx = await CreateContextAsync();
        _schedules = new ScheduleRepository(_ctx.Database, _ctx.Clock);
    }

    public async Task DisposeAsync() => await _ctx.DisposeAsync();

    [Fact]
    public async Task Firings_are_counted_once_each_and_never_past_maxRuns()
    {
        var id = Guid.NewGuid();
        await _schedules.SetAsync(id, "* * * * *", maxRuns: 2, runs: 0, enabled: true);

        Assert.Equal(FiringClaim.Claimed, await _schedules.TryClaimFiringAsync(id, Minute));
        Assert.Equal(FiringClaim.Duplicate, await _schedules.TryClaimFiringAsync(id, Minute));
        Assert.Equal(FiringClaim.Duplicate, await _schedules.TryClaimFiringAsync(id, Minute.AddMinutes(-1)));
        Assert.Equal(FiringClaim.Claimed, await _schedules.TryClaimFiringAsync(id, Minute.AddMinutes(1)));
        Assert.Equal(FiringClaim.Inactive, await _schedules.TryClaimFiringAsync(id, Minute.AddMinutes(2)));

        var schedule = (await _schedules.GetAsync(id))!;
        Assert.Equal(2, schedule.Runs);
        Assert.False(schedule.IsActive);
        Assert.Equal(FiringClaim.Inactive, await _schedules.TryClaimFiringAsync(Guid.NewGuid(), Minute));
    }

    [Fact]
    public async Task A_skipped_firing_is_uncounted_and_recorded_with_its_reason()
    {
        var id = Guid.NewGuid();
        await _schedules.SetAsync(id, "* * * * *", maxRuns: 1, runs: null, enabled: true);
        Assert.Equal(FiringClaim.Claimed, await _schedules.TryClaimFiringAsync(id, Minute));

        await _schedules.RecordSkipAsync(id, "run 1 was still Running");

        var schedule = (await _schedules.GetAsync(id))!;
        Assert.Equal(0, schedule.Runs);
        Assert.Equal(1, schedule.SkippedRuns);
        Assert.Equal("run 1 was still Running", schedule.LastSkipReason);
        Assert.Equal(_ctx.Clock.GetUtcNow(), schedule.LastSkippedAt);
        Assert.True(schedule.IsActive);
        Assert.Equal(FiringClaim.Claimed, await _schedules.TryClaimFiringAsync(id, Minute.AddMinutes(1)));
    }

    [Fact]
    public async Task Setting_a_schedule_keeps_the_counter_unless_runs_is_given_and_disabled_schedules_fire_nothing()
    {
        var id = Guid.NewGuid();
        await _schedules.SetAsync(id, "* * * * *", maxRuns: 1, runs: null, enabled: true);
        await _schedules.TryClaimFiringAsync(id, Minute);

        var kept = await _schedules.SetAsync(id, "@hourly", maxRuns: 5, runs: null, enabled: true);
        Assert.Equal(("@hourly", 5, 1), (kept.Spec, kept.MaxRuns, kept.Runs));
        var reset = await _schedules.SetAsync(id, "@hourly", maxRuns: 1, runs: 0, enabled: false);
        Assert.Equal((0, false, false), (reset.Runs, reset.Enabled, reset.IsActive));
        Assert.Equal(FiringClaim.Inactive, await _schedules.TryClaimFiringAsync(id, Minute.AddHours(1)));

        await _schedules.SetAsync(id, "@hourly", maxRuns: 1, runs: null, enabled: true);
        Assert.Equal(FiringClaim.Claimed, await _schedules.TryClaimFiringAsync(id, Minute.AddHours(1)));
        Assert.Equal([id], (await _schedules.GetManyAsync([id, Guid.NewGuid()])).Keys);
        Assert.True(await _schedules.DeleteAsync(id));
        Assert.False(await _schedules.DeleteAsync(id));
        Assert.Empty(await _schedules.ListAsync());
    }
}
