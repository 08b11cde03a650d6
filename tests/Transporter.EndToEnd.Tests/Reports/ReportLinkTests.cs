using System.Net;
using System.Text.Json;
using Transporter.EndToEnd.Tests.Migrations;
using Transporter.Testing;

namespace Transporter.EndToEnd.Tests.Reports;

/// <summary>Download links on a platform whose links live 8 seconds: the mailed link works, any other token is 404,
/// and the right one is 404 too once it expired.</summary>
public sealed class ReportLinkTests(ShortLinkPlatform env) : IClassFixture<ShortLinkPlatform>
{
    [Fact]
    public async Task The_link_works_until_it_expires_and_a_wrong_token_never_does()
    {
        using var s3 = S3ClientFactory.For(env.Platform);
        var source = await Buckets.CreateAsync(s3, "link-src");
        var destination = await Buckets.CreateAsync(s3, "link-dst");
        await Buckets.PutManyAsync(s3, source, Enumerable.Range(0, 5).Select(i => ($"l-{i}", Buckets.Content(500, i))));
        var id = await MigrationApi.CreateAsync(env.Api, new
        {
            source = Buckets.Endpoint(env.Platform, source),
            destination = Buckets.Endpoint(env.Platform, destination),
            notifications = new[] { new { @event = "reports ready", carrier = "email", destination = new[] { "ops@example.com" } } },
        });
        var other = await MigrationApi.CreateAsync(env.Api, new { source = Buckets.Endpoint(env.Platform, source), destination = Buckets.Endpoint(env.Platform, destination) });
        await MigrationApi.WaitForFinishAsync(env.Api, id);

        Assert.Equal(HttpStatusCode.OK, (await env.Api.PostAsync($"/reports/prepare/{id}")).Status);
        var mail = await env.Smtp.WaitForMessageAsync(m => m.Subject!.Contains(id), TimeSpan.FromSeconds(60));
        var received = DateTime.UtcNow;
        var link = ReportDownloads.LinkIn(mail);
        var token = new Uri(link).Query["?token=".Length..];
        var dir = RepoPaths.NewTempDir("report-links");

        var (ok, archive) = await ReportDownloads.DownloadAsync(link, dir);
        ok.Dispose();
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.True(new FileInfo(archive!).Length > 0);
        var tampered = token[..^1] + (token[^1] == 'A' ? 'B' : 'A');
        foreach (var wrong in new[]
        {
            $"{env.PublicUrl}/reports/download/{id}?token={tampered}", $"{env.PublicUrl}/reports/download/{id}",
            $"{env.PublicUrl}/reports/download/{other}?token={token}", $"{env.PublicUrl}/reports/download/{id}?token={token.ToLowerInvariant()}x",
        })
            await AssertNotFoundAsync(wrong, dir);

        var expiry = received.AddSeconds(ShortLinkPlatform.Seconds + 1) - DateTime.UtcNow;
        if (expiry > TimeSpan.Zero) await Task.Delay(expiry);
        await AssertNotFoundAsync(link, dir);
        Directory.Delete(dir, recursive: true);
    }

    private static async Task AssertNotFoundAsync(string link, string dir)
    {
        var (response, _) = await ReportDownloads.DownloadAsync(link, dir);
        using (response)
        {
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{link}: {(int)response.StatusCode}");
            Assert.Equal("not found", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
        }
    }
}
