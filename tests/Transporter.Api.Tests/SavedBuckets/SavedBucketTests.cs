using System.Net;
using System.Text;
using Amazon.S3.Model;
using Transporter.Api.Tests.Reports;
using Transporter.Testing;
using Transporter.Testing.Api;

namespace Transporter.Api.Tests.SavedBuckets;

/// <summary>The saved bucket table (spec/bucket-table-api.txt) on a running platform: changed by the root user with
/// the text's form posts, listed without secrets, stored encrypted, and named by a migration whose runs resolve it
/// again each time.</summary>
public class SavedBucketTests
{
    private static readonly Dictionary<string, string> Form = new() { ["Content-Type"] = "application/x-www-form-urlencoded" };

    [Fact]
    public async Task Saved_buckets_are_kept_without_showing_secrets_and_a_migration_run_uses_the_entry_as_it_is_then()
    {
        await using var platform = await PlatformProcess.StartAsync();
        using var api = TransporterApiClient.For(platform);
        using var s3 = S3ClientFactory.For(platform);
        var source = await ApiRuns.NewBucketAsync(s3, "saved-src", 5, i => 1000 + i);
        var destination = $"saved-dst-{Guid.NewGuid().ToString("N")[..8]}";
        await s3.PutBucketAsync(destination);
        string Encoded(string s) => Uri.EscapeDataString(s);

        // Example 1 of the text: role-based access (kept, though the connectors cannot use it).
        var role = await api.PostAsync("/add-mod-del-bucket", "op=add&bucketname=testb3&cloud=aws&endpoint=&accessKeyId=&secretAccessKey=&accessRole=aaaa&accessRoleExt=bbbb", Form);
        Assert.True(role.Status == HttpStatusCode.OK, role.ToString());
        Assert.Equal("aaaa", role.Json.GetProperty("accessRole").GetString());
        var badCloud = await api.PostAsync("/add-mod-del-bucket", "op=add&bucketname=x&cloud=gcp", Form);
        Assert.Equal(HttpStatusCode.BadRequest, badCloud.Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsync("/add-mod-del-bucket", "op=explode&bucketname=x", Form)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsync("/add-mod-del-bucket", "op=modify&bucketname=nothing&endpoint=", Form)).Status);

        // The source with the right key; the destination with a wrong secret at first.
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync("/add-mod-del-bucket",
            $"op=add&bucketname={source}&cloud=minio&endpoint={Encoded(platform.S3Url)}&accessKeyId={platform.RootAccessKey}&secretAccessKey={Encoded(platform.RootSecretKey)}", Form)).Status);
        const string wrongSecret = "wrong-secret-wrong-secret-wrong-secret-0";
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync("/add-mod-del-bucket", new Dictionary<string, string>
        {
            ["op"] = "add", ["bucketname"] = destination, ["cloud"] = "other", ["endpoint"] = platform.S3Url,
            ["accessKeyId"] = platform.RootAccessKey, ["secretAccessKey"] = wrongSecret,
        })).Status);

        var table = await api.GetAsync("/saved-buckets");
        Assert.Equal(HttpStatusCode.OK, table.Status);
        Assert.DoesNotContain(platform.RootSecretKey, table.Body);
        Assert.DoesNotContain(wrongSecret, table.Body);
        var entries = table.Json.EnumerateArray().ToDictionary(e => e.GetProperty("bucketname").GetString()!);
        Assert.True(entries[source].GetProperty("hasSecretAccessKey").GetBoolean());
        Assert.False(entries["testb3"].GetProperty("hasSecretAccessKey").GetBoolean());
        // Encrypted at rest: the database file holds no secret in plaintext.
        var database = await File.ReadAllBytesAsync(Path.Combine(platform.DataDir, "transporter.db"));
        Assert.Equal(-1, database.AsSpan().IndexOf(Encoding.UTF8.GetBytes(wrongSecret)));

        // A migration naming a saved bucket with role access only, or one that does not exist: refused at once.
        var refused = await api.PostAsync("/migrations", new { source = new { savedBucket = "testb3" }, destination = new { savedBucket = "missing" } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("accessRole", refused.Body);
        Assert.Contains("no saved bucket 'missing'", refused.Body);

        // The run with the wrong destination secret fails its objects...
        var id = await ApiRuns.CreateAsync(api, new { source = new { savedBucket = source }, destination = new { savedBucket = destination }, skipVerify = true });
        var first = await ApiRuns.WaitForEndAsync(api, id);
        Assert.NotEqual(2, first.GetProperty("state").GetInt32());
        Assert.Equal(0, (await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = destination })).KeyCount);
        var shown = await api.GetAsync($"/migrations/{id}");
        Assert.DoesNotContain(platform.RootSecretKey, shown.Body);

        // ... the entry is corrected (op=modify sends only what changes), and the retry's run uses it.
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync("/add-mod-del-bucket",
            $"op=modify&bucketname={destination}&secretAccessKey={Encoded(platform.RootSecretKey)}", Form)).Status);
        var retry = await api.PostAsync($"/retry/{id}");
        Assert.True(retry.Status is HttpStatusCode.OK or HttpStatusCode.Accepted or HttpStatusCode.NoContent, retry.ToString());
        var second = await WaitForNewEndAsync(api, id, first);
        Assert.Equal(2, second.GetProperty("state").GetInt32());
        Assert.Equal(5, (await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = destination })).KeyCount);

        // A plan names saved buckets the same way; the plan shows the resolved bucket, never the key.
        var plan = await api.PostAsync("/plans", new { source = new { savedBucket = source }, destination = new { savedBucket = destination } });
        Assert.True(plan.Status == HttpStatusCode.OK, plan.ToString());
        var planView = await api.GetAsync($"/plans/{plan.Json.GetProperty("planID").GetString()}");
        Assert.Contains(source, planView.Body);
        Assert.DoesNotContain(platform.RootSecretKey, planView.Body);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsync("/plans", new { source = new { savedBucket = "missing" }, destination = new { savedBucket = destination } })).Status);

        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync("/add-mod-del-bucket", "op=delete&bucketname=testb3", Form)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsync("/add-mod-del-bucket", "op=delete&bucketname=testb3", Form)).Status);
        Assert.DoesNotContain(platform.RootSecretKey, platform.Output);
    }

    /// <summary>Waits for the end of a run later than <paramref name="previous"/> (its state or run id changed).</summary>
    private static async Task<System.Text.Json.JsonElement> WaitForNewEndAsync(TransporterApiClient api, string id, System.Text.Json.JsonElement previous)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            var state = await api.GetAsync($"/state/{id}");
            if (state.Status == HttpStatusCode.OK && state.Json.GetProperty("state").GetInt32() == 2) return state.Json;
            if (state.Status == HttpStatusCode.OK && state.Json.GetRawText() != previous.GetRawText()
                && state.Json.GetProperty("state").GetInt32() is 3 or 6 or 7) return state.Json;
            await Task.Delay(100);
        }
        throw new TimeoutException($"no new run of {id} ended");
    }
}
