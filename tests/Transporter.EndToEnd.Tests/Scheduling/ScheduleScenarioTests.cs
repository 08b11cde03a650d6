using Transporter.Core.Reports;
using Transporter.EndToEnd.Tests.Migrations;

namespace Transporter.EndToEnd.Tests.Scheduling;

/// <summary>
/// Schedules in real time against the running platform: a "* * * * *" sync runs every minute and copies only what
/// changed until maxRuns; a firing while the previous run is still copying is skipped and recorded, never overlapping;
/// the platform killed and restarted keeps its schedules, and the firings it missed run once. Each test waits for real
/// minute boundaries (one to four minutes).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ScheduleScenarioTests(PlatformUnderTest env)
{
    [Fact]
    public async Task An_every_minute_sync_runs_each_minute_copies_only_what_changed_and_stops_at_maxRuns()
    {
        var source = await Buckets.CreateAsync(env.Local, "minutely-src");
        var destination = await Buckets.CreateAsync(env.Local, "minutely-dst");
        await Buckets.PutManyAsync(env.Local, source, Enumerable.Range(0, 3).Select(i => ($"a{i}", Buckets.Content(1000, i))));
        var before = DateTimeOffset.UtcNow;
        var id = await MigrationApi.CreateAsync(env.Api, new
        {
            source = Buckets.Endpoint(env.Platform, source),
            destination = Buckets.Endpoint(env.Platform, destination),
            crontab = new { spec = "* * * * *", maxRuns = 2 },
        }, path: "/sync");
        var after = DateTimeOffset.UtcNow;
        try
        {
            var waiting = await ScheduleApi.ListedAsync(env.Api, id);
            Assert.Equal((4, 0), (waiting.ListedState(), waiting.LatestRun()));
            Assert.Contains(waiting.GetProperty("schedule").GetProperty("nextFireTime").GetString(),
                new[] { UtcTimestamp.ToText(ScheduleApi.NextMinute(before)), UtcTimestamp.ToText(ScheduleApi.NextMinute(after)) });

            await ScheduleApi.WaitAsync(env.Api, id, e => e.LatestRun() == 1 && e.ListedState() == 4, 100, "the first run, finished");
            var first = await MigrationApi.StateAsync(env.Api, id);
            await Buckets.PutAsync(env.Local, source, "b0", Buckets.Content(500, 9));
            var done = await ScheduleApi.WaitAsync(env.Api, id, e => e.LatestRun() == 2 && e.ListedState() == 2, 90, "the second run, completed");
            var elapsed = DateTimeOffset.UtcNow - before;
            var second = await MigrationApi.StateAsync(env.Api, id);

            Assert.Equal((4, 3L, 3L), (first.State(), first.Long("filesFound"), first.Long("filesCompleted")));
            Assert.Equal((2, 1L, 1L, 500L), (second.State(), second.Long("filesFound"), second.Long("filesCompleted"), second.Long("bytesTransmitted")));
            Assert.True(elapsed < TimeSpan.FromSeconds(135), $"two runs took {elapsed}");
            Assert.Equal((2, 0), (done.ScheduledRuns(), done.GetProperty("schedule").GetProperty("skippedRuns").GetInt32()));
            Assert.False(done.GetProperty("schedule").TryGetProperty("nextFireTime", out _));
            Assert.Equal((await Buckets.ListAsync(env.Local, source)).ToDictionary(o => o.Key, o => o.ETag),
                (await Buckets.ListAsync(env.Local, destination)).ToDictionary(o => o.Key, o => o.ETag));

            // maxRuns reached: the next minute passes without a third run.
            await ScheduleApi.DelayUntilAsync(ScheduleApi.NextMinute(DateTimeOffset.UtcNow).AddSeconds(10));
            Assert.Equal(2, (await ScheduleApi.ListedAsync(env.Api, id)).LatestRun());
        }
        finally
        {
            await ScheduleApi.DeleteScheduleAsync(env.Api, id);
        }
    }

    [Fact]
    public async Task A_firing_while_the_previous_run_still_copies_is_skipped_and_recorded_never_overlapping()
    {
        var source = await Buckets.CreateAsync(env.Local, "overlap-src");
        var destination = await Buckets.CreateAsync(env.Remote, "overlap-dst");
        await Buckets.PutAsync(env.Local, source, "slow", Buckets.Content(90_000, 1));
        // 90 KB at 1000 B/s: a run of about 90 s, so the next minute's firing finds it still copying.
        var id = await MigrationApi.CreateAsync(env.Api, new
        {
            source = Buckets.Endpoint(env.Platform, source),
            destination = Buckets.Endpoint(env.Foreign, destination),
            crontab = new { spec = "* * * * *" },
        }, query: "?bandwidth-limit=1000");
        try
        {
            var skipped = await ScheduleApi.WaitAsync(env.Api, id, e => e.GetProperty("schedule").GetProperty("skippedRuns").GetInt32() >= 1, 150,
                "a skipped firing");
            var state = await MigrationApi.StateAsync(env.Api, id);

            Assert.Equal(1, skipped.LatestRun());
            Assert.Equal(1, skipped.ScheduledRuns());
            Assert.Contains(skipped.ListedState(), new[] { 0, 1, 8 });
            Assert.Matches(@"^scheduled run of \S+Z skipped: run 1 was still (Running|Started|SourceListCompleted)$",
                skipped.GetProperty("schedule").GetProperty("lastSkipReason").GetString());
            Assert.Contains(state.GetProperty("errors").EnumerateArray(),
                e => e.GetString()!.StartsWith("scheduled run of ") && e.GetString()!.EndsWith("Z skipped: this run was still going"));
            Assert.Equal(0L, state.Long("filesCompleted"));
        }
        finally
        {
            await ScheduleApi.DeleteScheduleAsync(env.Api, id);
            await env.Api.PostAsync($"/abort/{id}");
        }
    }

    [Fact]
    public async Task After_a_kill_and_restart_the_schedule_is_still_there_and_its_missed_firings_run_once()
    {
        var source = await Buckets.CreateAsync(env.Local, "restart-src");
        var destination = await Buckets.CreateAsync(env.Local, "restart-dst");
        await Buckets.PutManyAsync(env.Local, source, Enumerable.Range(0, 2).Select(i => ($"a{i}", Buckets.Content(100, i))));
        var id = await MigrationApi.CreateAsync(env.Api, new
        {
            source = Buckets.Endpoint(env.Platform, source),
            destination = Buckets.Endpoint(env.Platform, destination),
            crontab = new { spec = "* * * * *" },
        }, path: "/sync");
        try
        {
            await ScheduleApi.WaitAsync(env.Api, id, e => e.LatestRun() == 1 && e.ListedState() == 4, 100, "the first run, finished");
            await Buckets.PutAsync(env.Local, source, "after-first", Buckets.Content(300, 7));
            await env.Platform.KillAsync();
            // Down past two firings, the first one more than Quartz's misfire threshold (60 s) ago.
            var missed = ScheduleApi.NextMinute(DateTimeOffset.UtcNow);
            try
            {
                await ScheduleApi.DelayUntilAsync(missed.AddSeconds(70));
            }
            finally
            {
                await env.Platform.RestartAsync();
            }

            await ScheduleApi.WaitAsync(env.Api, id, e => e.LatestRun() == 2 && e.ListedState() == 4, 30, "one catch-up run, finished");
            var caughtUp = await MigrationApi.StateAsync(env.Api, id);
            var regular = missed.AddMinutes(2);
            await ScheduleApi.DelayUntilAsync(regular.AddSeconds(-5));
            var beforeRegular = await ScheduleApi.ListedAsync(env.Api, id);

            Assert.Equal((1L, 300L), (caughtUp.Long("filesFound"), caughtUp.Long("bytesTransmitted")));
            Assert.Equal((2, 2, 0), (beforeRegular.LatestRun(), beforeRegular.ScheduledRuns(),
                beforeRegular.GetProperty("schedule").GetProperty("skippedRuns").GetInt32()));
            Assert.Equal(UtcTimestamp.ToText(regular), beforeRegular.GetProperty("schedule").GetProperty("nextFireTime").GetString());
            await ScheduleApi.WaitAsync(env.Api, id, e => e.LatestRun() == 3, 40, "the next regular firing");
        }
        finally
        {
            await ScheduleApi.DeleteScheduleAsync(env.Api, id);
        }
    }
}
