using System.Net;

namespace Transporter.EndToEnd.Tests.Migrations;

/// <summary>Pause, resume, abort and bandwidth limits on running migrations, measured from outside.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ControlScenarioTests(PlatformUnderTest env, Xunit.Abstractions.ITestOutputHelper output)
{
    /// <summary>A source of <paramref name="count"/> objects in the platform's store and an empty foreign bucket, so the
    /// bytes stream through the workers (and their limiter).</summary>
    private async Task<(string Source, string Destination)> ArrangeAsync(int count, int size)
    {
        var source = await Buckets.CreateAsync(env.Local, "ctl-src");
        var destination = await Buckets.CreateAsync(env.Remote, "ctl-dst");
        await Buckets.PutManyAsync(env.Local, source, Enumerable.Range(0, count).Select(i => ($"obj-{i:D4}", Buckets.Content(size, i))));
        return (source, destination);
    }

    private object Body(string source, string destination) =>
        new { source = Buckets.Endpoint(env.Platform, source), destination = Buckets.Endpoint(env.Foreign, destination) };

    private async Task<int> CountAsync(string destination) => (await Buckets.ListAsync(env.Remote, destination)).Count;

    private async Task WaitForObjectsAsync(string destination, int atLeast)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await CountAsync(destination) < atLeast)
        {
            Assert.True(DateTime.UtcNow < deadline, $"fewer than {atLeast} objects arrived in 60 s");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Pause_stops_starting_objects_within_two_seconds_and_resume_finishes_the_migration()
    {
        // 400 objects of 10 KB at 200 KB/s: about 20 s of copying.
        var (source, destination) = await ArrangeAsync(400, 10_000);
        var id = await MigrationApi.CreateAsync(env.Api, Body(source, destination), query: "?bandwidth-limit=200000");
        await WaitForObjectsAsync(destination, 20);

        Assert.Equal(HttpStatusCode.OK, (await env.Api.PostAsync($"/pause/{id}", new { paused = true })).Status);
        await Task.Delay(2000);
        var atTwoSeconds = await CountAsync(destination);
        var paused = await MigrationApi.StateAsync(env.Api, id);
        await Task.Delay(3000);
        var later = await CountAsync(destination);

        Assert.Equal((5, "Paused"), (paused.State(), paused.GetProperty("stateDescription").GetString()));
        Assert.Equal(atTwoSeconds, later);
        Assert.InRange(later, 20, 399);
        Assert.True((await env.Api.GetAsync("/migrations")).Json.EnumerateArray().Single(m => m.GetProperty("id").GetString() == id).GetProperty("paused").GetBoolean());

        await env.Api.PostAsync("/bandwidth", new[] { new { migrationID = id, bytesPerSecond = 0 } });
        Assert.Equal(HttpStatusCode.OK, (await env.Api.PostAsync($"/pause/{id}", new { paused = false })).Status);
        var done = await MigrationApi.WaitForFinishAsync(env.Api, id);

        Assert.Equal((2, 400L, 400L, 0L), (done.State(), done.Long("filesFound"), done.Long("filesCompleted"), done.Long("filesFailed")));
        Assert.Equal(4_000_000L, done.Long("bytesTransmitted"));
        var copied = (await Buckets.ListAsync(env.Remote, destination)).ToDictionary(o => o.Key, o => o.ETag);
        Assert.Equal((await Buckets.ListAsync(env.Local, source)).ToDictionary(o => o.Key, o => o.ETag), copied);
    }

    [Fact]
    public async Task Abort_terminates_within_two_seconds_and_cancels_the_copies_in_flight()
    {
        var (source, destination) = await ArrangeAsync(400, 10_000);
        var id = await MigrationApi.CreateAsync(env.Api, Body(source, destination), query: "?bandwidth-limit=200000");
        await WaitForObjectsAsync(destination, 20);

        Assert.Equal(HttpStatusCode.OK, (await env.Api.PostAsync($"/abort/{id}")).Status);
        var terminated = await MigrationApi.WaitForStateAsync(env.Api, id, 3, seconds: 2);
        await Task.Delay(2000);
        var atTwoSeconds = await CountAsync(destination);
        await Task.Delay(3000);
        var later = await CountAsync(destination);
        var final = await MigrationApi.StateAsync(env.Api, id);

        Assert.Equal("Terminated", terminated.GetProperty("stateDescription").GetString());
        Assert.Equal(atTwoSeconds, later);
        Assert.InRange(later, 20, 399);
        Assert.Equal(3, final.State());
        // What finished before the abort is counted; nothing after.
        Assert.InRange(final.Long("filesCompleted"), 0, later);
        Assert.Equal(0, final.Long("filesFailed"));
    }

    [Fact]
    public async Task A_new_bandwidth_limit_applies_to_the_running_migration_within_two_seconds()
    {
        // 20 objects of 100 KB at 1,000 bytes per second would take over half an hour.
        var (source, destination) = await ArrangeAsync(20, 100_000);
        var id = await MigrationApi.CreateAsync(env.Api, Body(source, destination), query: "?bandwidth-limit=1000");
        // Copying (Running, or SourceListCompleted once its one batch is listed).
        await MigrationApi.WaitAsync(env.Api, id, s => s.State() is 1 or 8);
        await Task.Delay(2000);
        Assert.Equal(0, await CountAsync(destination));

        var changed = DateTime.UtcNow;
        Assert.Equal(HttpStatusCode.OK, (await env.Api.PostAsync("/bandwidth", new[] { new { migrationID = id, bytesPerSecond = 50_000_000 } })).Status);
        await WaitForObjectsAsync(destination, 20);
        var elapsed = DateTime.UtcNow - changed;

        Assert.True(elapsed < TimeSpan.FromSeconds(3), $"the 2 MB arrived {elapsed.TotalSeconds:0.0} s after the change");
        Assert.Equal(50_000_000, (await env.Api.GetAsync($"/bandwidth/{id}")).Json.GetProperty("bytesPerSecond").GetInt64());
        Assert.Equal(2, (await MigrationApi.WaitForFinishAsync(env.Api, id)).State());
    }

    [Fact]
    public async Task A_2_MB_per_second_limit_holds_over_the_run_within_5_percent()
    {
        // 40 MB at 2,000,000 bytes per second: about 20 s.
        var (source, destination) = await ArrangeAsync(40, 1_000_000);
        var id = await MigrationApi.CreateAsync(env.Api, Body(source, destination), query: "?bandwidth-limit=2000000");
        var done = await MigrationApi.WaitForFinishAsync(env.Api, id);

        var seconds = (DateTimeOffset.Parse(done.GetProperty("lastUpdate").GetString()!) - DateTimeOffset.Parse(done.GetProperty("startTime").GetString()!)).TotalSeconds;
        var rate = done.Long("bytesTransmitted") / seconds;
        output.WriteLine($"40,000,000 bytes in {seconds:0.000} s: {rate:0} bytes/s ({rate / 2_000_000 - 1:+0.0%;-0.0%} from the limit)");
        Assert.Equal((2, 40_000_000L), (done.State(), done.Long("bytesTransmitted")));
        Assert.InRange(rate, 1_900_000, 2_100_000);
    }
}
