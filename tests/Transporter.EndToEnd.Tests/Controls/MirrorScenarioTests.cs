using System.Net;
using Transporter.EndToEnd.Tests.Migrations;
using Transporter.EndToEnd.Tests.Reports;
using Transporter.Testing;

namespace Transporter.EndToEnd.Tests.Controls;

/// <summary>Mirror syncs (deleteExtraneous) through the API on a platform that mails its reports: within maxDelete the
/// destination loses exactly what the source no longer has (never what the filters leave out), over it nothing is
/// deleted and the run says why; the report bundle lists every deletion.</summary>
public sealed class MirrorScenarioTests(MailingPlatform env) : IClassFixture<MailingPlatform>
{
    private static readonly object[] Notify = [new { @event = "reports ready", carrier = "email", destination = new[] { "mirror@example.com" } }];

    [Fact]
    public async Task A_mirror_within_maxDelete_deletes_what_the_source_no_longer_has_and_reports_it()
    {
        using var s3 = S3ClientFactory.For(env.Platform);
        var source = await Buckets.CreateAsync(s3, "mirror-src");
        var destination = await Buckets.CreateAsync(s3, "mirror-dst");
        await Buckets.PutManyAsync(s3, source, [("a.txt", Buckets.Content(10, 1)), ("b.txt", Buckets.Content(10, 2)), ("c.txt", Buckets.Content(10, 3)),
            ("keep.tmp", Buckets.Content(10, 4))]);
        await Buckets.PutManyAsync(s3, destination, [("a.txt", Buckets.Content(10, 1)), ("b.txt", Buckets.Content(12, 20)), ("x.txt", Buckets.Content(7, 5)),
            ("y.txt", Buckets.Content(8, 6)), ("old.tmp", Buckets.Content(9, 7))]);

        var id = await MigrationApi.CreateAsync(env.Api, new
        {
            source = Buckets.Endpoint(env.Platform, source),
            destination = Buckets.Endpoint(env.Platform, destination),
            filters = new { exclude = new[] { "*.tmp" } },
            deleteExtraneous = true,
            maxDelete = 2,
            notifications = Notify,
        }, path: "/sync");
        var done = await MigrationApi.WaitForFinishAsync(env.Api, id);

        Assert.Equal((2, 2L, 2L, 2L), (done.State(), done.Long("filesFound"), done.Long("filesCompleted"), done.Long("filesDeleted")));
        Assert.Equal(["a.txt", "b.txt", "c.txt", "old.tmp"], (await Buckets.ListAsync(s3, destination)).Select(o => o.Key));
        var listed = (await env.Api.GetAsync("/migrations")).Json.EnumerateArray().Single(m => m.GetProperty("id").GetString() == id);
        Assert.Equal((true, 2), (listed.GetProperty("deleteExtraneous").GetBoolean(), listed.GetProperty("maxDelete").GetInt32()));

        var rows = await DeletionRowsAsync(id);
        Assert.Equal(["x.txt", "y.txt"], rows.Select(r => r["objectKey"]));
        Assert.All(rows, r => Assert.Equal((destination, "deleted", ""), (r["destinationBucket"], r["outcome"], r["error"])));
        Assert.Equal(["7", "8"], rows.Select(r => r["size"]));
        Assert.All(rows, r => Assert.EndsWith("Z", r["finishTime"]));
    }

    [Fact]
    public async Task A_mirror_over_maxDelete_deletes_nothing_and_says_why()
    {
        using var s3 = S3ClientFactory.For(env.Platform);
        var source = await Buckets.CreateAsync(s3, "mirror-src");
        var destination = await Buckets.CreateAsync(s3, "mirror-dst");
        var same = new[] { "a.txt", "b.txt", "c.txt" }.Select((k, i) => (k, Buckets.Content(10, i))).ToList();
        await Buckets.PutManyAsync(s3, source, same);
        await Buckets.PutManyAsync(s3, destination, [.. same, ("x.txt", Buckets.Content(5, 5)), ("y.txt", Buckets.Content(5, 6)), ("z.txt", Buckets.Content(5, 7))]);

        // 3 of the destination's 6 objects are extraneous: 50%, over 40%.
        var id = await MigrationApi.CreateAsync(env.Api, new
        {
            source = Buckets.Endpoint(env.Platform, source),
            destination = Buckets.Endpoint(env.Platform, destination),
            deleteExtraneous = true,
            maxDelete = "40%",
            notifications = Notify,
        }, path: "/sync");
        var done = await MigrationApi.WaitForFinishAsync(env.Api, id);

        Assert.Equal((7, 0L, 0L), (done.State(), done.Long("filesFound"), done.Long("filesDeleted")));
        Assert.Contains(done.GetProperty("errors").EnumerateArray(), e =>
            e.GetString() == "mirror: 3 of the destination's 6 objects are not at the source, more than maxDelete 40% allows; nothing was deleted");
        Assert.Equal(6, (await Buckets.ListAsync(s3, destination)).Count);
        var rows = await DeletionRowsAsync(id);
        Assert.Equal(["x.txt", "y.txt", "z.txt"], rows.Select(r => r["objectKey"]));
        Assert.All(rows, r => Assert.Equal(("refused", ""), (r["outcome"], r["finishTime"])));
    }

    /// <summary>Prepares the reports, takes the mailed link and reads deleted-at-destination.csv.</summary>
    private async Task<List<Dictionary<string, string>>> DeletionRowsAsync(string id)
    {
        Assert.Equal(HttpStatusCode.OK, (await env.Api.PostAsync($"/reports/prepare/{id}")).Status);
        var mail = await env.Smtp.WaitForMessageAsync(m => m.Subject!.Contains(id) && m.Subject.Contains("ready"), TimeSpan.FromSeconds(60));
        var dir = RepoPaths.NewTempDir("mirror-report");
        var (response, archive) = await ReportDownloads.DownloadAsync(ReportDownloads.LinkIn(mail), dir);
        response.Dispose();
        var entries = await ReportDownloads.UntarAsync(archive!, dir);
        Assert.Equal(["deleted-at-destination.csv", "failed-transfers.csv", "successful-transfers.csv", "summary.csv"], entries.Order());
        return ReportDownloads.ReadCsv(Path.Combine(dir, "deleted-at-destination.csv"));
    }
}
