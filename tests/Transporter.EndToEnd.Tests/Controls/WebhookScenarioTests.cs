using System.Net;
using System.Text;
using System.Text.Json;
using Transporter.EndToEnd.Tests.Migrations;
using Transporter.Testing;

namespace Transporter.EndToEnd.Tests.Controls;

/// <summary>Webhooks through the API against a real receiver that checks every signature with its own HMAC and fails
/// the first two deliveries: each event arrives once accepted, retried with backoff and the same body; a failed run
/// announces itself; the secret is never returned nor stored in clear.</summary>
[Collection(PlatformCollection.Name)]
public sealed class WebhookScenarioTests(PlatformUnderTest env)
{
    private const string Secret = "whsec-e2e-0123456789abcdef";

    [Fact]
    public async Task Run_and_report_events_arrive_signed_after_two_refused_deliveries()
    {
        await using var receiver = WebhookReceiver.Start(Secret, failFirst: 2);
        var source = await Buckets.CreateAsync(env.Local, "hook-src");
        var destination = await Buckets.CreateAsync(env.Remote, "hook-dst");
        await Buckets.PutManyAsync(env.Local, source, Enumerable.Range(0, 3).Select(i => ($"k{i}", Buckets.Content(100, i))));

        var id = await MigrationApi.CreateAsync(env.Api, new
        {
            source = Buckets.Endpoint(env.Platform, source),
            destination = Buckets.Endpoint(env.Foreign, destination),
            webhooks = new[] { new { url = receiver.Url, secret = Secret } },
        });
        await MigrationApi.WaitForFinishAsync(env.Api, id);
        Assert.Equal(HttpStatusCode.OK, (await env.Api.PostAsync($"/reports/prepare/{id}")).Status);
        var received = await receiver.WaitAsync(r => new[] { "run.started", "run.ended", "report.ready" }
            .All(e => r.Any(x => x.Event == e && x.Status == 200)), TimeSpan.FromSeconds(90));

        Assert.All(received, r => Assert.True(r.SignatureValid, $"bad signature on {r.Event} {r.Delivery}"));
        Assert.All(received, r => Assert.Equal("application/json; charset=utf-8", r.ContentType));
        Assert.Equal([500, 500], received.Take(2).Select(r => r.Status));
        // Each delivery is accepted once; a refused one came back later with the same id and the same bytes.
        var accepted = received.Where(r => r.Status == 200).ToList();
        Assert.Equal(accepted.Count, accepted.Select(r => r.Delivery).Distinct().Count());
        foreach (var refused in received.Take(2))
        {
            var retry = Assert.Single(accepted, r => r.Delivery == refused.Delivery);
            Assert.Equal(refused.Body, retry.Body);
            Assert.True(retry.At - refused.At >= TimeSpan.FromSeconds(0.7), $"retried after {(retry.At - refused.At).TotalSeconds:F2} s");
        }
        var ended = Json(accepted.Single(r => r.Event == "run.ended"));
        Assert.Equal((id, "run.ended"), (ended.GetProperty("migration").GetProperty("id").GetString(), ended.GetProperty("event").GetString()));
        Assert.Equal((2, "Completed", 3L), (ended.GetProperty("run").GetProperty("state").GetInt32(),
            ended.GetProperty("run").GetProperty("stateDescription").GetString(), ended.GetProperty("run").GetProperty("filesCompleted").GetInt64()));
        var report = Json(accepted.Single(r => r.Event == "report.ready")).GetProperty("report");
        Assert.StartsWith($"{env.Platform.ApiUrl}/reports/download/{id}?token=", report.GetProperty("downloadUrl").GetString());
        var download = await new HttpClient().GetAsync(report.GetProperty("downloadUrl").GetString());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);

        var listed = (await env.Api.GetAsync("/migrations")).Body;
        Assert.Contains(receiver.Url, listed);
        Assert.DoesNotContain(Secret, listed);
        Assert.False(ContainsInDataDir(Secret), "the webhook secret is stored in clear in the platform's data dir");
    }

    [Fact]
    public async Task A_failed_run_announces_run_failed()
    {
        await using var receiver = WebhookReceiver.Start(Secret);
        var source = await Buckets.CreateAsync(env.Local, "hook-src");

        var id = await MigrationApi.CreateAsync(env.Api, new
        {
            source = Buckets.Endpoint(env.Platform, source),
            destination = Buckets.Endpoint(env.Foreign, $"missing-{Guid.NewGuid():N}"[..20]),
            webhooks = new[] { new { url = receiver.Url, secret = Secret } },
        });
        Assert.Equal(6, (await MigrationApi.WaitForFinishAsync(env.Api, id)).State());
        var received = await receiver.WaitAsync(r => r.Any(x => x.Event == "run.failed"), TimeSpan.FromSeconds(60));

        var failed = Json(received.Single(r => r.Event == "run.failed"));
        Assert.Equal((6, "Failed"), (failed.GetProperty("run").GetProperty("state").GetInt32(), failed.GetProperty("run").GetProperty("stateDescription").GetString()));
        Assert.Equal(["run.failed", "run.started"], received.Select(r => r.Event).Order());
    }

    private static JsonElement Json(WebhookReceiver.Received received) => JsonDocument.Parse(received.Body).RootElement;

    private bool ContainsInDataDir(string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        foreach (var file in Directory.EnumerateFiles(env.Platform.DataDir, "*", SearchOption.AllDirectories))
        {
            try
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var memory = new MemoryStream();
                stream.CopyTo(memory);
                if (memory.ToArray().AsSpan().IndexOf(needle) >= 0) return true;
            }
            catch (IOException)
            {
            }
        }
        return false;
    }
}
