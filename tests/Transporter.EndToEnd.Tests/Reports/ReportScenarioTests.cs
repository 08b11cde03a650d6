using System.Globalization;
using System.Net;
using System.Text.Json;
using Dapper;
using Transporter.Core.Persistence;
using Transporter.EndToEnd.Tests.Migrations;
using Transporter.Testing;
using Transporter.Testing.Api;

namespace Transporter.EndToEnd.Tests.Reports;

/// <summary>
/// Reports as a user gets them: a migration whose destination refuses objects mid-run (its owner's key revoked), the
/// reports prepared, the mail received on a real SMTP server, the link in it downloaded without a signature, the
/// archive unpacked with GNU tar, and every row checked against the buckets; the statistics of the same run; and a
/// preparation that fails and is mailed as such.
/// </summary>
public sealed class ReportScenarioTests(MailingPlatform env) : IClassFixture<MailingPlatform>
{
    private const string Secret = "reports-e2e-secret-key-0000000000000001";

    private static string NewKey(string prefix) => (prefix + Guid.NewGuid().ToString("N")).ToUpperInvariant()[..20];

    [Fact]
    public async Task A_run_with_refused_objects_is_reported_by_mail_and_every_row_matches_the_buckets()
    {
        // Root "source side": owns the source bucket; its user owner@... creates the migration. Root "destination side"
        // owns the destination; its key is revoked mid-run, so the rest of the objects are refused.
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (sourceRoot, sourceKey, ownerKey, destinationRoot, destinationKey) = ($"rep-src-{suffix}", NewKey("SRC"), NewKey("OWN"), $"rep-dst-{suffix}", NewKey("DST"));
        var owner = $"owner-{suffix}@example.com";
        await env.Admin.CreateRootAsync(sourceRoot, sourceKey, Secret);
        await env.Admin.CreateUserAsync(sourceRoot, owner, ownerKey, Secret);
        await env.Admin.AllowTransporterAsync(sourceRoot, owner);
        await env.Admin.CreateRootAsync(destinationRoot, destinationKey, Secret);
        using var sourceS3 = S3ClientFactory.For(env.Platform.S3Url, sourceKey, Secret);
        using var destinationS3 = S3ClientFactory.For(env.Platform.S3Url, destinationKey, Secret);
        var source = await Buckets.CreateAsync(sourceS3, "rep-src");
        var destination = await Buckets.CreateAsync(destinationS3, "rep-dst");
        await Buckets.PutManyAsync(sourceS3, source, Enumerable.Range(0, 300).Select(i => ($"obj-{i:D4}", Buckets.Content(8000, i))));
        using var api = new TransporterApiClient(env.Platform.ApiUrl, ownerKey, Secret);

        // 2.4 MB at 200 KB/s: about 12 s, so the key is revoked mid-run.
        var id = await MigrationApi.CreateAsync(api, new
        {
            source = Buckets.Endpoint(env.Platform.S3Url, sourceKey, Secret, source),
            destination = Buckets.Endpoint(env.Platform.S3Url, destinationKey, Secret, destination),
            enableStatistics = true,
            notifications = new[] { new { @event = "reports ready", carrier = "email", destination = new[] { "ops@example.com", "Data Team <data@example.com>" } } },
        }, query: "?bandwidth-limit=200000");
        while ((await Buckets.ListAsync(destinationS3, destination)).Count < 30) await Task.Delay(100);
        await env.Admin.DeleteAccessKeyAsync(destinationRoot, "root", destinationKey);
        var state = await MigrationApi.WaitForFinishAsync(api, id);
        // Refused credentials fail the run at the first refusals; the objects not yet tried have no row.
        Assert.Equal(6, state.State());

        // Prepare; the mail arrives on the SMTP server; its link downloads without a signature.
        var prepared = await api.PostAsync($"/reports/prepare/{id}");
        Assert.Equal(HttpStatusCode.OK, prepared.Status);
        var mail = await env.Smtp.WaitForMessageAsync(m => m.Subject!.Contains(id) && m.Subject.Contains("ready"), TimeSpan.FromSeconds(60));
        Assert.Equal(["ops@example.com", "data@example.com", owner], mail.Recipients);
        Assert.Equal(ReportsPlatform.MailFrom, mail.MailFrom);
        var link = ReportDownloads.LinkIn(mail);
        Assert.StartsWith($"{env.PublicUrl}/reports/download/{id}?token=", link);
        Assert.Equal("""{"isPreparing":false}""", (await api.GetAsync($"/reports/prepare/{id}")).Body);

        var dir = RepoPaths.NewTempDir("reports-e2e");
        var (response, archive) = await ReportDownloads.DownloadAsync(link, dir);
        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/gzip", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Matches($@"^transporter-reports-{id}-\d{{8}}T\d{{6}}Z\.tar\.gz$", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        }
        var entries = await ReportDownloads.UntarAsync(archive!, dir);
        Assert.Equal(["failed-transfers.csv", "successful-transfers.csv", "summary.csv"], entries.Order());
        foreach (var entry in entries) Assert.StartsWith("# Transporter migration report", await File.ReadAllTextAsync(Path.Combine(dir, entry)));
        var succeeded = ReportDownloads.ReadCsv(Path.Combine(dir, "successful-transfers.csv"));
        var failed = ReportDownloads.ReadCsv(Path.Combine(dir, "failed-transfers.csv"));
        var summary = Assert.Single(ReportDownloads.ReadCsv(Path.Combine(dir, "summary.csv")));

        // Every row against the buckets: the successful ones are exactly the destination's objects, the failed ones the rest.
        await env.Admin.CreateUserKeyAsync(destinationRoot, "root", destinationKey, Secret);
        var sourceObjects = (await Buckets.ListAsync(sourceS3, source)).ToDictionary(o => o.Key, o => o.ETag.Trim('"'));
        var copied = (await Buckets.ListAsync(destinationS3, destination)).ToDictionary(o => o.Key, o => o.ETag.Trim('"'));
        Assert.Equal(copied.Keys.Order(StringComparer.Ordinal), succeeded.Select(r => r["objectKey"]));
        Assert.Empty(failed.Select(r => r["objectKey"]).Except(sourceObjects.Keys.Except(copied.Keys)));
        Assert.InRange(failed.Count, 1, 270);
        Assert.InRange(succeeded.Count + failed.Count, 30, 299);
        foreach (var row in succeeded)
        {
            var key = row["objectKey"];
            Assert.Equal((source, destination, "8000"), (row["sourceBucket"], row["destinationBucket"], row["bytesCopied"]));
            Assert.Equal(sourceObjects[key], row["sourceETag"].Trim('"'));
            Assert.Equal(copied[key], row["destinationETag"].Trim('"'));
            Assert.Equal(("False", "True", "False"), (row["tagsCopied"], row["systemMetadataCopied"], row["userMetadataCopied"]));
            Assert.True(Time(row["startTime"]) <= Time(row["finishTime"]));
            Assert.False(row.ContainsKey("destinationWritingErr"));
        }
        foreach (var row in failed)
        {
            Assert.Equal((source, destination, "0", ""), (row["sourceBucket"], row["destinationBucket"], row["bytesCopied"], row["destinationETag"]));
            Assert.Contains("InvalidAccessKeyId", row["destinationWritingErr"]);
            Assert.Equal(("", "", ""), (row["sourceReadingErr"], row["lyveWritingErr"], row["sourceDeleteErr"]));
        }
        Assert.Equal((id, sourceRoot, "6", "Failed", (succeeded.Count + failed.Count).ToString()),
            (summary["migrationId"], summary["root"], summary["state"], summary["stateDescription"], summary["objectsTotal"]));
        Assert.Equal((succeeded.Count.ToString(), failed.Count.ToString(), (succeeded.Count * 8000L).ToString()),
            (summary["objectsSucceeded"], summary["objectsFailed"], summary["bytesCopied"]));
        Assert.Equal((300L, succeeded.Count, failed.Count, succeeded.Count * 8000L),
            (state.Long("filesFound"), state.Long("filesCompleted"), state.Long("filesFailed"), state.Long("bytesTransmitted")));

        // The error pages list the same failed rows, page by page, and filter by key.
        var pages = new List<JsonElement>();
        for (var start = 0; ; start += 40)
        {
            var page = (await api.GetAsync($"/reports/errors/{id}?maxEntries=40&start={start}")).Json;
            pages.AddRange(page.GetProperty("reports").EnumerateArray());
            if (page.GetProperty("pagination").GetProperty("end").GetBoolean()) break;
        }
        Assert.Equal(failed.Select(r => (r["objectKey"], r["destinationWritingErr"])),
            pages.Select(p => (p.GetProperty("objectKey").GetString()!, p.GetProperty("destinationWritingErr").GetString()!)));
        var one = (await api.GetAsync($"/reports/errors/{id}?key={failed[^1]["objectKey"]}")).Json.GetProperty("reports");
        Assert.Equal(failed[^1]["objectKey"], Assert.Single(one.EnumerateArray()).GetProperty("objectKey").GetString());

        // The statistics of the run agree with the report rows, as points, on the dashboard and as the last speed.
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var points = (await api.PostAsync($"/stats/migration/{id}", new { from = now - 3600, to = now + 60, aggregateTime = 300 })).Json
            .GetProperty("points").EnumerateArray().ToList();
        Assert.Equal((300L, succeeded.Count, failed.Count, succeeded.Count * 8000L),
            (points.Sum(p => p.Long("filesFound")), points.Sum(p => p.Long("filesTransferred")), points.Sum(p => p.Long("filesFailed")),
                points.Sum(p => p.Long("bytesTransferred"))));
        var dashboard = (await api.PostAsync("/stats/dashboard", new { from = now - 3600, to = now + 60 })).Json;
        var s3v4 = dashboard.GetProperty("csp").GetProperty("s3v4");
        Assert.Equal((succeeded.Count * 8000L, succeeded.Count * 8000L), (s3v4.Long("egress"), s3v4.Long("ingress")));
        Assert.Equal(failed.Count, dashboard.GetProperty("totals").Long("filesFailed"));
        var speed = (await api.GetAsync($"/stats/last-speed/{id}?minutes=15")).Json;
        Assert.Equal((succeeded.Count, succeeded.Count * 8000L), (speed.Long("objects"), speed.Long("bytes")));
        Directory.Delete(dir, recursive: true);
    }

    private static DateTimeOffset Time(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    [Fact]
    public async Task A_preparation_that_fails_is_mailed_with_its_reason_and_a_new_one_succeeds()
    {
        var source = await Buckets.CreateAsync(S3ClientFactory.For(env.Platform), "fail-src");
        var destination = await Buckets.CreateAsync(S3ClientFactory.For(env.Platform), "fail-dst");
        using (var s3 = S3ClientFactory.For(env.Platform))
            await Buckets.PutManyAsync(s3, source, Enumerable.Range(0, 5).Select(i => ($"f-{i}", Buckets.Content(1000, i))));
        var id = await MigrationApi.CreateAsync(env.Api, new
        {
            source = Buckets.Endpoint(env.Platform, source),
            destination = Buckets.Endpoint(env.Platform, destination),
            notifications = new[]
            {
                new { @event = "reports failed", carrier = "email", destination = new[] { "oncall@example.com" } },
                new { @event = "reports ready", carrier = "email", destination = new[] { "ops@example.com" } },
            },
        });
        Assert.Equal(2, (await MigrationApi.WaitForFinishAsync(env.Api, id)).State());
        // A file stands where the migration's report directory must go: the preparation cannot write its bundle.
        var blocker = Path.Combine(env.Platform.DataDir, "reports", id);
        Directory.CreateDirectory(Path.GetDirectoryName(blocker)!);
        await File.WriteAllTextAsync(blocker, "in the way");

        Assert.Equal(HttpStatusCode.OK, (await env.Api.PostAsync($"/reports/prepare/{id}")).Status);
        var failure = await env.Smtp.WaitForMessageAsync(m => m.Subject!.Contains(id), TimeSpan.FromSeconds(60));
        var db = Database.Sqlite(Path.Combine(env.Platform.DataDir, "transporter.db"));
        string reason;
        await using (var connection = await db.OpenAsync())
            reason = await connection.QuerySingleAsync<string>("SELECT error FROM report_preparations WHERE migration_id = @id", new { id });

        Assert.Equal($"Transporter: preparing the reports of migration {id} failed", failure.Subject);
        Assert.Equal(["oncall@example.com", "ops@example.com"], failure.Recipients);
        Assert.Contains(reason, failure.Text);
        Assert.Equal("""{"isPreparing":false}""", (await env.Api.GetAsync($"/reports/prepare/{id}")).Body);

        File.Delete(blocker);
        Assert.Equal(HttpStatusCode.OK, (await env.Api.PostAsync($"/reports/prepare/{id}")).Status);
        var ready = await env.Smtp.WaitForMessageAsync(m => m.Subject!.Contains(id) && m.Subject.Contains("ready"), TimeSpan.FromSeconds(60));
        Assert.Equal(["ops@example.com"], ready.Recipients);
        var dir = RepoPaths.NewTempDir("reports-e2e");
        var (response, archive) = await ReportDownloads.DownloadAsync(ReportDownloads.LinkIn(ready), dir);
        response.Dispose();
        await ReportDownloads.UntarAsync(archive!, dir);
        Assert.Equal(["f-0", "f-1", "f-2", "f-3", "f-4"], ReportDownloads.ReadCsv(Path.Combine(dir, "successful-transfers.csv")).Select(r => r["objectKey"]));
        Assert.Empty(ReportDownloads.ReadCsv(Path.Combine(dir, "failed-transfers.csv")));
        Directory.Delete(dir, recursive: true);
    }
}
