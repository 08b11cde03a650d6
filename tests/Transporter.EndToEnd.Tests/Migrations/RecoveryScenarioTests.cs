using System.Net;
using Transporter.Testing;
using Transporter.Testing.Api;

namespace Transporter.EndToEnd.Tests.Migrations;

/// <summary>Failures and crashes: a destination that refuses writes mid-run (its key revoked) and a retry that copies
/// only what failed; the platform killed mid-migration and restarted.</summary>
[Collection(PlatformCollection.Name)]
public sealed class RecoveryScenarioTests(PlatformUnderTest env)
{
    [Fact]
    public async Task Retry_copies_only_the_objects_the_destination_refused()
    {
        // The destination belongs to another root whose access key is revoked mid-run, then restored.
        using var admin = new IdentityAdminClient(env.Platform.ApiUrl, PlatformUnderTest.AdminToken);
        var root = "retry-" + Guid.NewGuid().ToString("N")[..8];
        var key = "RETRY" + Guid.NewGuid().ToString("N")[..15].ToUpperInvariant();
        const string Secret = "retry-destination-secret-0000000000001";
        await admin.CreateRootAsync(root, key, Secret);
        using var destinationOwner = S3ClientFactory.For(env.Platform.S3Url, key, Secret);
        var destination = await Buckets.CreateAsync(destinationOwner, "retry-dst");
        var source = await Buckets.CreateAsync(env.Local, "retry-src");
        await Buckets.PutManyAsync(env.Local, source, Enumerable.Range(0, 300).Select(i => ($"obj-{i:D4}", Buckets.Content(8000, i))));

        // 2.4 MB at 200 KB/s: about 12 s, so the key is revoked mid-run.
        var id = await MigrationApi.CreateAsync(env.Api, new
        {
            source = Buckets.Endpoint(env.Platform, source),
            destination = Buckets.Endpoint(env.Platform.S3Url, key, Secret, destination),
        }, query: "?bandwidth-limit=200000");
        while ((await Buckets.ListAsync(destinationOwner, destination)).Count < 30) await Task.Delay(100);
        await admin.DeleteAccessKeyAsync(root, "root", key);
        var failed = await MigrationApi.WaitForFinishAsync(env.Api, id);

        // Refused credentials stop the run at the first refusals (the copies in flight) instead of failing every object.
        Assert.Equal(6, failed.State());
        Assert.Equal("Failed", failed.GetProperty("stateDescription").GetString());
        Assert.InRange(failed.Long("filesCompleted") + failed.Long("filesFailed"), 30, 299);
        Assert.InRange(failed.Long("filesFailed"), 1, 270);
        Assert.Contains(failed.GetProperty("errors").EnumerateArray(),
            e => e.GetString()!.StartsWith("copying stopped: error writing the destination", StringComparison.Ordinal) && e.GetString()!.Contains("InvalidAccessKeyId"));

        await admin.CreateUserKeyAsync(root, "root", key, Secret);
        var before = (await Buckets.ListAsync(destinationOwner, destination)).ToDictionary(o => o.Key, o => o.LastModified);
        await env.Api.PostAsync("/bandwidth", new[] { new { migrationID = id, bytesPerSecond = 0 } });
        Assert.Equal(HttpStatusCode.NoContent, (await env.Api.PostAsync($"/retry/{id}")).Status);
        var done = await MigrationApi.WaitForFinishAsync(env.Api, id);

        Assert.Equal((2, 300L, 300L, 0L), (done.State(), done.Long("filesFound"), done.Long("filesCompleted"), done.Long("filesFailed")));
        Assert.Equal(2_400_000L, done.Long("bytesTransmitted"));
        var after = await Buckets.ListAsync(destinationOwner, destination);
        Assert.Equal((await Buckets.ListAsync(env.Local, source)).ToDictionary(o => o.Key, o => o.ETag), after.ToDictionary(o => o.Key, o => o.ETag));
        // Objects copied before the failures were not copied again.
        foreach (var (copiedKey, modified) in before) Assert.Equal(modified, after.Single(o => o.Key == copiedKey).LastModified);
    }

    [Fact]
    public async Task A_platform_killed_mid_migration_resumes_after_restart_and_counts_every_object_once()
    {
        var source = await Buckets.CreateAsync(env.Local, "crash-src");
        var destination = await Buckets.CreateAsync(env.Remote, "crash-dst");
        await Buckets.PutManyAsync(env.Local, source, Enumerable.Range(0, 600).Select(i => ($"obj-{i:D4}", Buckets.Content(10_000, i))));
        // 6 MB at 300 KB/s: about 20 s.
        var id = await MigrationApi.CreateAsync(env.Api, new
        {
            source = Buckets.Endpoint(env.Platform, source),
            destination = Buckets.Endpoint(env.Foreign, destination),
        }, query: "?bandwidth-limit=300000");
        while ((await Buckets.ListAsync(env.Remote, destination)).Count < 100) await Task.Delay(100);

        await env.Platform.KillAsync();
        await env.Platform.RestartAsync();
        var resumed = await MigrationApi.StateAsync(env.Api, id);
        await env.Api.PostAsync("/bandwidth", new[] { new { migrationID = id, bytesPerSecond = 0 } });
        var done = await MigrationApi.WaitForFinishAsync(env.Api, id);

        Assert.InRange(resumed.Long("filesCompleted"), 0, 599);
        Assert.Equal((2, 600L, 600L, 0L), (done.State(), done.Long("filesFound"), done.Long("filesCompleted"), done.Long("filesFailed")));
        Assert.Equal(6_000_000L, done.Long("bytesTransmitted"));
        var copied = (await Buckets.ListAsync(env.Remote, destination)).ToDictionary(o => o.Key, o => o.ETag);
        Assert.Equal((await Buckets.ListAsync(env.Local, source)).ToDictionary(o => o.Key, o => o.ETag), copied);
    }
}
