using System.Text.Json;
using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;
using Transporter.Core.Storage;
using Transporter.Core.Webhooks;
using Transporter.Testing.Persistence;

namespace Transporter.Core.Tests.Migrations.Persistence;

/// <summary>The repository's parts for migration controls, same SQL on SQLite and PostgreSQL: the webhook outbox
/// (events queued in the transaction that makes them happen, claims with leases, retries, giving up) and a mirror's
/// deletions (candidates with the checkpoints, the guard's verdict, outcomes and completion).</summary>
public abstract partial class ControlsRepositoryTests : IAsyncLifetime
{
    private RepositoryTestContext _ctx = null!;
    private MigrationRepository Repo => _ctx.Repository;

    protected abstract Task<RepositoryTestContext> CreateContextAsync();

    public async Task InitializeAsync() => _ctx = await CreateContextAsync();

    public async Task DisposeAsync() => await _ctx.DisposeAsync();

    private async Task<(Migration Migration, MigrationRun Run)> CreateAsync(MigrationControls controls, IReadOnlyList<string>? webhookSecrets = null,
        string kind = MigrationKind.Migration)
    {
        var migration = RepositoryTestContext.NewMigration(kind: kind) with { Controls = controls };
        var endpoints = new EndpointPair(RepositoryTestContext.Endpoint("src"), RepositoryTestContext.Endpoint("dst")) { WebhookSecrets = webhookSecrets };
        var run = (await Repo.CreateAsync(migration, endpoints, startNow: true))!;
        return (migration, run);
    }

    [Fact]
    public async Task Run_events_are_queued_once_per_webhook_and_retried_until_given_up()
    {
        var hooks = new MigrationControls { Webhooks = [new WebhookTarget { Url = "https://a.example/h" }, new WebhookTarget { Url = "https://b.example/h" }] };
        var (migration, run) = await CreateAsync(hooks, ["secret-a-0123456789", "secret-b-0123456789"]);
        var lease = _ctx.Clock.GetUtcNow().AddSeconds(30);

        // The first claim queues run.started; claims after it (the same or another lister) do not.
        Assert.True(await Repo.TryClaimListerAsync(run.Id, "lister-1", lease));
        Assert.True(await Repo.TryClaimListerAsync(run.Id, "lister-1", lease));
        var started = await Repo.ClaimWebhookDeliveriesAsync("dispatcher-1", lease, 10);
        Assert.Equal([("run.started", 0), ("run.started", 1)], started.Select(d => (d.Event, d.Webhook)).Order());
        Assert.Empty(await Repo.ClaimWebhookDeliveriesAsync("dispatcher-2", lease, 10));
        var body = JsonDocument.Parse(started[0].Body).RootElement;
        Assert.Equal((migration.Id.ToString(), run.Id.ToString(), "run.started"),
            (body.GetProperty("migration").GetProperty("id").GetString(), body.GetProperty("run").GetProperty("id").GetString(), body.GetProperty("event").GetString()));
        Assert.Equal(started[0].Id, body.GetProperty("id").GetString());
        Assert.Equal(["secret-a-0123456789", "secret-b-0123456789"], (await Repo.GetEndpointsAsync(migration.Id))!.WebhookSecrets);
        Assert.Null((await Repo.GetAsync(migration.Id))!.Controls.Webhooks![0].Secret);

        // Delivered, retried later, and given up (with a line in the run's errors).
        await Repo.RecordWebhookAttemptAsync(started[0], null, null, "https://a.example/h");
        await Repo.RecordWebhookAttemptAsync(started[1], "HTTP 500 Internal Server Error", _ctx.Clock.GetUtcNow().AddSeconds(10), "https://b.example/h");
        Assert.Empty(await Repo.ClaimWebhookDeliveriesAsync("dispatcher-1", lease, 10));
        _ctx.Clock.Advance(TimeSpan.FromSeconds(11));
        var retry = Assert.Single(await Repo.ClaimWebhookDeliveriesAsync("dispatcher-1", _ctx.Clock.GetUtcNow().AddSeconds(30), 10));
        Assert.Equal((started[1].Id, 1, started[1].Body), (retry.Id, retry.Attempts, retry.Body));
        await Repo.RecordWebhookAttemptAsync(retry, "HTTP 503 Service Unavailable", null, "https://b.example/h");
        Assert.Contains("webhook https://b.example/h: run.started not delivered after 2 attempts: HTTP 503 Service Unavailable", await Repo.GetErrorsAsync(run.Id));
        var views = await Repo.GetWebhookDeliveriesAsync((await Repo.GetAsync(migration.Id))!, 10);
        Assert.Equal([("https://a.example/h", "delivered", 1), ("https://b.example/h", "failed", 2)], views.Select(v => (v.Url, v.Status, v.Attempts)).Order());

        // The end of the run queues run.ended with its final state; an abort of a finished run queues nothing more.
        Assert.True(await Repo.TryMoveAsync(run.Id, MigrationState.Started));
        Assert.True(await Repo.AbortAsync(run.Id));
        Assert.False(await Repo.AbortAsync(run.Id));
        var ended = await Repo.ClaimWebhookDeliveriesAsync("dispatcher-1", _ctx.Clock.GetUtcNow().AddSeconds(30), 10);
        Assert.Equal(["run.ended", "run.ended"], ended.Select(d => d.Event));
        Assert.Equal(3, JsonDocument.Parse(ended[0].Body).RootElement.GetProperty("run").GetProperty("state").GetInt32());
    }

    [Fact]
    public async Task A_migration_without_webhooks_queues_nothing()
    {
        var (_, run) = await CreateAsync(MigrationControls.None);

        Assert.True(await Repo.TryClaimListerAsync(run.Id, "lister-1", _ctx.Clock.GetUtcNow().AddSeconds(30)));
        Assert.True(await Repo.AbortAsync(run.Id));

        Assert.Empty(await Repo.ClaimWebhookDeliveriesAsync("dispatcher-1", _ctx.Clock.GetUtcNow().AddSeconds(30), 10));
    }

    [Theory]
    [InlineData("20%", DeletionVerdict.Refused)]
    [InlineData("30%", DeletionVerdict.Delete)]
    [InlineData("2", DeletionVerdict.Refused)]
    [InlineData("3", DeletionVerdict.Delete)]
    public async Task The_guard_counts_the_candidates_and_the_destination_stored_with_the_checkpoints(string maxDelete, DeletionVerdict expected)
    {
        var limit = DeleteLimit.Parse(maxDelete)!;
        var (_, run) = await CreateAsync(new MigrationControls { DeleteExtraneous = true, MaxDelete = limit }, kind: MigrationKind.Sync);
        Assert.True(await Repo.TryClaimListerAsync(run.Id, "lister-1", _ctx.Clock.GetUtcNow().AddSeconds(30)));
        Assert.True(await Repo.TryMoveAsync(run.Id, MigrationState.Started));
        var gone = RepositoryTestContext.Items("x", "y", "z");

        // 10 destination objects seen: 6 up to the batch, 4 after; 3 of them extraneous, one stored twice.
        var batch = await Repo.AddBatchAsync(run.Id, "lister-1", 0, RepositoryTestContext.Items("a"), default, new DestinationTally([gone[0]], 6));
        await Repo.AddExtraneousAsync(run.Id, [gone[0], gone[1]]);
        Assert.True(await Repo.CompleteListingAsync(run.Id, "lister-1", default, new DestinationTally([gone[1], gone[2]], 4)));
        Assert.NotNull(await Repo.TryClaimBatchAsync(batch!.Id, "worker-1", _ctx.Clock.GetUtcNow().AddSeconds(30)));
        Assert.NotNull(await Repo.CommitBatchAsync(batch, "worker-1", [RepositoryTestContext.Succeeded(batch.Items[0])], []));
        Assert.Null(await Repo.TryCompleteAsync(run.Id)); // candidates pending

        var verdict = await Repo.DecideDeletionsAsync(run.Id, limit);

        Assert.Equal(expected, verdict);
        Assert.Equal(10, (await Repo.GetRunAsync(run.Id))!.DestinationSeen);
        if (verdict == DeletionVerdict.Refused)
        {
            Assert.Contains($"mirror: 3 of the destination's 10 objects are not at the source, more than maxDelete {maxDelete} allows; nothing was deleted",
                await Repo.GetErrorsAsync(run.Id));
            Assert.Equal(MigrationState.CompletedWithErrors, await Repo.TryCompleteAsync(run.Id));
            Assert.All(await Repo.GetDeletionsAsync(run.Id, null, 10), d => Assert.Equal(DeletionStatus.Refused, d.Status));
            return;
        }
        Assert.Equal(["x", "y", "z"], (await Repo.GetPendingDeletionsAsync(run.Id, 10)).Select(o => o.Key));
        await Repo.CommitDeletionsAsync(run.Id, [new DeletionOutcome("x", null), new DeletionOutcome("y", null), new DeletionOutcome("z", "AccessDenied: no")]);
        await Repo.CommitDeletionsAsync(run.Id, [new DeletionOutcome("x", null)]); // a chunk committed twice counts once
        Assert.Equal(MigrationState.CompletedWithErrors, await Repo.TryCompleteAsync(run.Id));
        Assert.Equal(2, (await Repo.GetRunAsync(run.Id))!.FilesDeleted);
        Assert.Equal([("x", "deleted"), ("y", "deleted"), ("z", "failed")], (await Repo.GetDeletionsAsync(run.Id, null, 10)).Select(d => (d.ObjectKey, d.Status)));

        // A retry tries the failed delete again.
        Assert.NotNull(await Repo.RetryAsync(run.Id));
        Assert.Equal(["z"], (await Repo.GetPendingDeletionsAsync(run.Id, 10)).Select(o => o.Key));
    }
}

public abstract partial class ControlsRepositoryTests
{
    [Fact]
    public async Task Throughput_is_measured_per_size_bin_on_finished_unlimited_runs_of_the_same_endpoint_types()
    {
        var t0 = _ctx.Clock.GetUtcNow();
        // Ten 500-byte objects one after another, 0.5 s each (5 s); then two 2 MB objects side by side, 2.5 s each.
        var small = Enumerable.Range(0, 10).Select(i => (new ObjectSummary($"s{i}", 500, t0, null), t0.AddSeconds(i * 0.5), 0.5)).ToList();
        var large = Enumerable.Range(0, 2).Select(i => (new ObjectSummary($"t{i}", 2_000_000, t0, null), t0.AddSeconds(5), 2.5)).ToList();
        await CompletedRunAsync(MigrationControls.None, 0, [.. small, .. large]);
        await CompletedRunAsync(MigrationControls.None, 5000, small); // under a limit: not measured
        await CompletedRunAsync(new MigrationControls { BandwidthTimetable = [new() { Days = "Daily", From = "00:00", To = "24:00", Limit = 0 }] }, 0, small);

        var profile = await Repo.GetThroughputProfileAsync("acme", "s3v4", "s3v4", sameEndpoint: true, 20);
        var elsewhere = await Repo.GetThroughputProfileAsync("globex", "s3v4", "s3v4", sameEndpoint: true, 20);

        // The run's 7.5 s of copying, shared by the bins' busy times plus a millisecond per object (5.01 s and 5.002 s).
        var (smallSeconds, largeSeconds) = (7.5 * 5.01 / 10.012, 7.5 * 5.002 / 10.012);
        Assert.Equal((1, 12L, 4_005_000L), (profile.Runs, profile.Objects, profile.Bytes));
        Assert.Equal(10 / smallSeconds, profile.Bins[2]!.Value.ObjectsPerSecond, 6);
        Assert.Equal(4_000_000 / largeSeconds, profile.Bins[7]!.Value.BytesPerSecond, 6);
        Assert.Null(profile.Bins[0]);
        Assert.Equal(12 / 7.5, profile.Overall!.Value.ObjectsPerSecond, 6);
        Assert.Equal(0, elsewhere.Runs);
    }

    [Fact]
    public async Task A_bin_of_objects_too_quick_to_time_still_gets_a_speed()
    {
        var t0 = _ctx.Clock.GetUtcNow();
        // Four 5-byte objects timed at 0 s, and one 500-byte object of 1 s, over a run of 1 s.
        var instant = Enumerable.Range(0, 4).Select(i => (new ObjectSummary($"i{i}", 5, t0, null), t0, 0.0)).ToList();
        await CompletedRunAsync(MigrationControls.None, 0, [.. instant, (new ObjectSummary("s", 500, t0, null), t0, 1.0)]);

        var profile = await Repo.GetThroughputProfileAsync("acme", "s3v4", "s3v4", sameEndpoint: true, 20);

        // Weights: 0.004 s for the instant bin, 1.001 s for the other; the run's 1 s shared in proportion.
        Assert.Equal(4 / (1.0 * 0.004 / 1.005), profile.Bins[0]!.Value.ObjectsPerSecond, 6);
        Assert.Equal(1 / (1.0 * 1.001 / 1.005), profile.Bins[2]!.Value.ObjectsPerSecond, 6);
    }

    private async Task CompletedRunAsync(MigrationControls controls, long limit, IReadOnlyList<(ObjectSummary Item, DateTimeOffset Start, double Seconds)> objects)
    {
        var migration = RepositoryTestContext.NewMigration() with { Controls = controls, BandwidthLimit = limit };
        var run = (await Repo.CreateAsync(migration, new EndpointPair(RepositoryTestContext.Endpoint("src"), RepositoryTestContext.Endpoint("dst")), startNow: true))!;
        var lease = _ctx.Clock.GetUtcNow().AddSeconds(30);
        Assert.True(await Repo.TryClaimListerAsync(run.Id, "lister-1", lease));
        Assert.True(await Repo.TryMoveAsync(run.Id, MigrationState.Started));
        var batch = (await Repo.AddBatchAsync(run.Id, "lister-1", 0, objects.Select(o => o.Item).ToList()))!;
        Assert.NotNull(await Repo.TryClaimBatchAsync(batch.Id, "worker-1", lease));
        var outcomes = objects.Select(o => RepositoryTestContext.Succeeded(o.Item) with
        {
            Report = RepositoryTestContext.Succeeded(o.Item).Report with { StartTime = o.Start, FinishTime = o.Start.AddSeconds(o.Seconds), CopyDuration = o.Seconds },
        }).ToList();
        Assert.NotNull(await Repo.CommitBatchAsync(batch, "worker-1", outcomes, []));
        Assert.True(await Repo.CompleteListingAsync(run.Id, "lister-1"));
        Assert.Equal(MigrationState.Completed, await Repo.TryCompleteAsync(run.Id));
    }
}

public sealed class ControlsRepositorySqliteTests : ControlsRepositoryTests
{
    protected override Task<RepositoryTestContext> CreateContextAsync() => Task.FromResult(RepositoryTestContext.Sqlite());
}

public sealed class ControlsRepositoryPostgresTests : ControlsRepositoryTests
{
    protected override Task<RepositoryTestContext> CreateContextAsync() => RepositoryTestContext.PostgresAsync();
}
