using System.Text.Json;
using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;
using Transporter.Core.Webhooks;

namespace Transporter.Core.Tests.Migrations.Persistence;

/// <summary><see cref="WebhookDeliveryRepository"/> with the same SQL on SQLite and PostgreSQL: the webhook outbox (events
/// queued in the transaction that makes them happen, claims with leases, retries, giving up).</summary>
public abstract class WebhookDeliveryRepositoryTests : RepositoryTests
{
    [Fact]
    public async Task Run_events_are_queued_once_per_webhook_and_retried_until_given_up()
    {
        var hooks = new MigrationControls { Webhooks = [new WebhookTarget { Url = "https://a.example/h" }, new WebhookTarget { Url = "https://b.example/h" }] };
        var (migration, run) = await CreateAsync(hooks, ["secret-a-0123456789", "secret-b-0123456789"]);
        var lease = Ctx.Clock.GetUtcNow().AddSeconds(30);

        // The first claim queues run.started; claims after it (the same or another lister) do not.
        Assert.True(await Leases.TryClaimListerAsync(run.Id, "lister-1", lease));
        Assert.True(await Leases.TryClaimListerAsync(run.Id, "lister-1", lease));
        var started = await Webhooks.ClaimWebhookDeliveriesAsync("dispatcher-1", lease, 10);
        Assert.Equal([("run.started", 0), ("run.started", 1)], started.Select(d => (d.Event, d.Webhook)).Order());
        Assert.Empty(await Webhooks.ClaimWebhookDeliveriesAsync("dispatcher-2", lease, 10));
        var body = JsonDocument.Parse(started[0].Body).RootElement;
        Assert.Equal((migration.Id.ToString(), run.Id.ToString(), "run.started"),
            (body.GetProperty("migration").GetProperty("id").GetString(), body.GetProperty("run").GetProperty("id").GetString(), body.GetProperty("event").GetString()));
        Assert.Equal(started[0].Id, body.GetProperty("id").GetString());
        Assert.Equal(["secret-a-0123456789", "secret-b-0123456789"], (await Migrations.GetEndpointsAsync(migration.Id))!.WebhookSecrets);
        Assert.Null((await Migrations.GetAsync(migration.Id))!.Controls.Webhooks![0].Secret);

        // Delivered, retried later, and given up (with a line in the run's errors).
        await Webhooks.RecordWebhookAttemptAsync(started[0], null, null, "https://a.example/h");
        await Webhooks.RecordWebhookAttemptAsync(started[1], "HTTP 500 Internal Server Error", Ctx.Clock.GetUtcNow().AddSeconds(10), "https://b.example/h");
        Assert.Empty(await Webhooks.ClaimWebhookDeliveriesAsync("dispatcher-1", lease, 10));
        Ctx.Clock.Advance(TimeSpan.FromSeconds(11));
        var retry = Assert.Single(await Webhooks.ClaimWebhookDeliveriesAsync("dispatcher-1", Ctx.Clock.GetUtcNow().AddSeconds(30), 10));
        Assert.Equal((started[1].Id, 1, started[1].Body), (retry.Id, retry.Attempts, retry.Body));
        await Webhooks.RecordWebhookAttemptAsync(retry, "HTTP 503 Service Unavailable", null, "https://b.example/h");
        Assert.Contains("webhook https://b.example/h: run.started not delivered after 2 attempts: HTTP 503 Service Unavailable", await Runs.GetErrorsAsync(run.Id));
        var views = await Webhooks.GetWebhookDeliveriesAsync((await Migrations.GetAsync(migration.Id))!, 10);
        Assert.Equal([("https://a.example/h", "delivered", 1), ("https://b.example/h", "failed", 2)], views.Select(v => (v.Url, v.Status, v.Attempts)).Order());

        // The end of the run queues run.ended with its final state; an abort of a finished run queues nothing more.
        Assert.True(await Runs.TryMoveAsync(run.Id, MigrationState.Started));
        Assert.True(await Runs.AbortAsync(run.Id));
        Assert.False(await Runs.AbortAsync(run.Id));
        var ended = await Webhooks.ClaimWebhookDeliveriesAsync("dispatcher-1", Ctx.Clock.GetUtcNow().AddSeconds(30), 10);
        Assert.Equal(["run.ended", "run.ended"], ended.Select(d => d.Event));
        Assert.Equal(3, JsonDocument.Parse(ended[0].Body).RootElement.GetProperty("run").GetProperty("state").GetInt32());
    }

    [Fact]
    public async Task A_migration_without_webhooks_queues_nothing()
    {
        var (_, run) = await CreateAsync(MigrationControls.None);

        Assert.True(await Leases.TryClaimListerAsync(run.Id, "lister-1", Ctx.Clock.GetUtcNow().AddSeconds(30)));
        Assert.True(await Runs.AbortAsync(run.Id));

        Assert.Empty(await Webhooks.ClaimWebhookDeliveriesAsync("dispatcher-1", Ctx.Clock.GetUtcNow().AddSeconds(30), 10));
    }
}
