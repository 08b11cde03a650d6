using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Transporter.EndToEnd.Tests.Migrations;
using Transporter.EndToEnd.Tests.Reports;
using Transporter.Testing;

namespace Transporter.EndToEnd.Tests.Controls;

/// <summary>allVersions through the API between two versioned buckets of the built-in store: every version arrives in
/// order with its bytes, delete markers stay delete markers (a deleted key is still deleted at the destination, its
/// history kept), and versions.csv of the mailed report maps each source version id to the destination's.</summary>
public sealed class VersionScenarioTests(MailingPlatform env) : IClassFixture<MailingPlatform>
{
    [Fact]
    public async Task Every_version_and_delete_marker_is_copied_in_order_and_mapped_in_the_report()
    {
        using var s3 = S3ClientFactory.For(env.Platform);
        var source = await VersionedBucketAsync(s3, "versions-src");
        var destination = await VersionedBucketAsync(s3, "versions-dst");
        var written = new List<(string Key, string VersionId, string? Content)>();
        foreach (var (key, content) in new[] { ("a.txt", "one"), ("a.txt", "two"), ("b.txt", "bee"), ("c.txt", "c1"), ("c.txt", "c2") })
        {
            var put = await s3.PutObjectAsync(new PutObjectRequest { BucketName = source, Key = key, ContentBody = content, UseChunkEncoding = false });
            written.Add((key, put.VersionId, content));
        }
        var deleted = await s3.DeleteObjectAsync(source, "a.txt");
        written.Insert(2, ("a.txt", deleted.VersionId, null));

        var id = await MigrationApi.CreateAsync(env.Api, new
        {
            source = Buckets.Endpoint(env.Platform, source),
            destination = Buckets.Endpoint(env.Platform, destination),
            allVersions = true,
            notifications = new[] { new { @event = "reports ready", carrier = "email", destination = new[] { "versions@example.com" } } },
        });
        var done = await MigrationApi.WaitForFinishAsync(env.Api, id);

        // Keys a (latest a delete marker), b and c were listed; every version of each is at the destination in order.
        Assert.Equal((2, 3L, 3L), (done.State(), done.Long("filesFound"), done.Long("filesCompleted")));
        // S3 lists each key's versions newest first: reversed per key, they read in the order written. (The preflight's
        // probe leaves a version and a delete marker in a versioned destination: not part of the copy.)
        var copied = (await s3.ListVersionsAsync(new ListVersionsRequest { BucketName = destination })).Versions
            .Where(v => !v.Key.StartsWith(".transporter-probe-", StringComparison.Ordinal))
            .GroupBy(v => v.Key).OrderBy(g => g.Key, StringComparer.Ordinal).SelectMany(g => g.Reverse()).ToList();
        Assert.Equal(["a.txt:data", "a.txt:data", "a.txt:marker", "b.txt:data", "c.txt:data", "c.txt:data"],
            copied.Select(v => $"{v.Key}:{(v.IsDeleteMarker == true ? "marker" : "data")}"));
        Assert.True(copied.Single(v => v.Key == "a.txt" && v.IsLatest == true).IsDeleteMarker);
        Assert.Equal("c2", await ReadAsync(s3, destination, "c.txt", null));

        var rows = await VersionRowsAsync(id);
        Assert.Equal(written.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => (w.Key, w.VersionId)),
            rows.Select(r => (r["objectKey"], r["sourceVersionId"])));
        Assert.Equal(["0", "1", "2", "0", "0", "1"], rows.Select(r => r["seq"]));
        foreach (var (row, sourceVersion) in rows.Zip(written.OrderBy(w => w.Key, StringComparer.Ordinal)))
        {
            Assert.Equal(sourceVersion.Content is null ? "True" : "False", row["deleteMarker"]);
            Assert.NotEqual("", row["destinationVersionId"]);
            Assert.Equal("", row["error"]);
            if (sourceVersion.Content is not null) Assert.Equal(sourceVersion.Content, await ReadAsync(s3, destination, row["objectKey"], row["destinationVersionId"]));
        }
        var listed = (await env.Api.GetAsync("/migrations")).Json.EnumerateArray().Single(m => m.GetProperty("id").GetString() == id);
        Assert.True(listed.GetProperty("allVersions").GetBoolean());
    }

    private static async Task<string> VersionedBucketAsync(AmazonS3Client s3, string hint)
    {
        var bucket = await Buckets.CreateAsync(s3, hint);
        await s3.PutBucketVersioningAsync(new PutBucketVersioningRequest
        {
            BucketName = bucket,
            VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled },
        });
        return bucket;
    }

    private static async Task<string> ReadAsync(AmazonS3Client s3, string bucket, string key, string? versionId)
    {
        using var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key, VersionId = versionId });
        using var reader = new StreamReader(response.ResponseStream);
        return await reader.ReadToEndAsync();
    }

    private async Task<List<Dictionary<string, string>>> VersionRowsAsync(string id)
    {
        Assert.Equal(HttpStatusCode.OK, (await env.Api.PostAsync($"/reports/prepare/{id}")).Status);
        var mail = await env.Smtp.WaitForMessageAsync(m => m.Subject!.Contains(id) && m.Subject.Contains("ready"), TimeSpan.FromSeconds(60));
        var dir = RepoPaths.NewTempDir("versions-report");
        var (response, archive) = await ReportDownloads.DownloadAsync(ReportDownloads.LinkIn(mail), dir);
        response.Dispose();
        var entries = await ReportDownloads.UntarAsync(archive!, dir);
        Assert.Contains("versions.csv", entries);
        return ReportDownloads.ReadCsv(Path.Combine(dir, "versions.csv"));
    }
}
