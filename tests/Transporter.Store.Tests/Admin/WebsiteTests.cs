using System.Net;
using Amazon.S3.Model;
using Microsoft.Playwright;
using Transporter.Testing;

namespace Transporter.Store.Tests.Admin;

/// <summary>Buckets given website access through the admin API, served on TRANSPORTER_WEB_URL by Host header:
/// index and error documents, anonymous GET and HEAD only.</summary>
public class WebsiteTests(GarageAdminPlatform fixture) : IClassFixture<GarageAdminPlatform>
{
    [Fact]
    public async Task A_bucket_with_website_access_serves_its_index_and_error_documents_by_host_name()
    {
        var (_, bucket) = await fixture.SendAsync(HttpMethod.Post, "/v0/bucket", new { globalAlias = "site" });
        var id = bucket.GetProperty("id").GetString()!;
        using (var s3 = S3ClientFactory.For(fixture.Platform))
        {
            foreach (var (key, body, type) in new[]
                     {
                         ("index.html", "<h1>home</h1>", "text/html"), ("404.html", "<h1>missing</h1>", "text/html"),
                         ("docs/index.html", "<h1>docs</h1>", "text/html"), ("style.css", "h1{}", "text/css"),
                     })
                await s3.PutObjectAsync(new PutObjectRequest { BucketName = "site", Key = key, ContentBody = body, ContentType = type });
        }
        using var web = new HttpClient { BaseAddress = new Uri(fixture.WebUrl) };
        async Task<(HttpStatusCode Status, string Body, string? Type)> GetAsync(string path, string host = "site.web.localhost", HttpMethod? method = null)
        {
            using var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
            request.Headers.Host = host;
            using var response = await web.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType);
        }

        var sentBefore = await WebsiteBytesSentAsync();
        // Not a website yet.
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("/")).Status);

        await fixture.SendAsync(HttpMethod.Put, $"/v0/bucket?id={id}",
            new { websiteAccess = new { enabled = true, indexDocument = "index.html", errorDocument = "404.html" } });
        Assert.Equal((HttpStatusCode.OK, "<h1>home</h1>", "text/html"), await GetAsync("/"));
        Assert.Equal((HttpStatusCode.OK, "<h1>docs</h1>", "text/html"), await GetAsync("/docs/"));
        Assert.Equal((HttpStatusCode.OK, "h1{}", "text/css"), await GetAsync("/style.css"));
        Assert.Equal((HttpStatusCode.NotFound, "<h1>missing</h1>", "text/html"), await GetAsync("/nothing-here"));
        var headed = await GetAsync("/", method: HttpMethod.Head);
        Assert.Equal((HttpStatusCode.OK, ""), (headed.Status, headed.Body));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await GetAsync("/index.html", method: HttpMethod.Put)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("/", host: "nosuchbucket.web.localhost")).Status);
        // Metered as the S3 listener is: the GETs' bodies above (documents 13 + 13 + 4 + 16 bytes and two 36-byte "no
        // website" answers); HEAD and the refused PUT are other operations.
        Assert.Equal(46 + 2 * 36, await WebsiteBytesSentAsync() - sentBefore);

        // Website access off again: nothing is served.
        await fixture.SendAsync(HttpMethod.Put, $"/v0/bucket?id={id}", new { websiteAccess = new { enabled = false } });
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("/")).Status);
    }

    [Fact]
    public async Task A_real_browser_gets_the_index_with_its_stylesheet_and_the_error_document()
    {
        var (_, bucket) = await fixture.SendAsync(HttpMethod.Post, "/v0/bucket", new { globalAlias = "browsed" });
        using (var s3 = S3ClientFactory.For(fixture.Platform))
        {
            await s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = "browsed", Key = "index.html", ContentType = "text/html",
                ContentBody = "<html><head><title>Browsed</title><link rel=stylesheet href=/style.css></head><body><h1 id=t>home</h1></body></html>",
            });
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = "browsed", Key = "style.css", ContentType = "text/css", ContentBody = "#t{color:rgb(1, 2, 3)}" });
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = "browsed", Key = "errors/404.html", ContentType = "text/html", ContentBody = "<title>Lost</title><p>not here</p>" });
        }
        await fixture.SendAsync(HttpMethod.Put, $"/v0/bucket?id={bucket.GetProperty("id").GetString()}",
            new { websiteAccess = new { enabled = true, indexDocument = "index.html", errorDocument = "errors/404.html" } });

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync();
        // Chromium resolves every *.localhost name to the loopback address, so the Host header names the bucket.
        var site = $"http://browsed.localhost:{new Uri(fixture.WebUrl).Port}";
        var home = await page.GotoAsync(site + "/");
        Assert.Equal(200, home!.Status);
        Assert.Equal("Browsed", await page.TitleAsync());
        Assert.Equal("rgb(1, 2, 3)", await page.EvalOnSelectorAsync<string>("#t", "e => getComputedStyle(e).color"));
        var missing = await page.GotoAsync(site + "/no/such/page");
        Assert.Equal(404, missing!.Status);
        Assert.Equal("Lost", await page.TitleAsync());
    }

    [Fact]
    public async Task S3_put_get_and_delete_bucket_website_share_the_admin_apis_configuration()
    {
        using var s3 = S3ClientFactory.For(fixture.Platform);
        await s3.PutBucketAsync("s3-site");
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "s3-site", Key = "home.html", ContentType = "text/html", ContentBody = "home" });
        // (The .NET SDK turns this error into an empty answer; curl shows the wire.)
        var none = await SignedCurl.SendAsync("GET", $"{fixture.Platform.S3Url}/s3-site?website", fixture.Platform.RootAccessKey, fixture.Platform.RootSecretKey);
        Assert.Equal(404, none.Status);
        Assert.Contains("<Code>NoSuchWebsiteConfiguration</Code>", none.Body);

        await s3.PutBucketWebsiteAsync(new PutBucketWebsiteRequest
        {
            BucketName = "s3-site",
            WebsiteConfiguration = new WebsiteConfiguration { IndexDocumentSuffix = "home.html", ErrorDocument = "oops.html" },
        });
        var read = await s3.GetBucketWebsiteAsync("s3-site");
        Assert.Equal(("home.html", "oops.html"), (read.WebsiteConfiguration.IndexDocumentSuffix, read.WebsiteConfiguration.ErrorDocument));
        var (_, info) = await fixture.SendAsync(HttpMethod.Get, "/v0/bucket?globalAlias=s3-site");
        Assert.True(info.GetProperty("websiteAccess").GetBoolean());
        using (var web = new HttpClient { BaseAddress = new Uri(fixture.WebUrl) })
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/"))
        {
            request.Headers.Host = "s3-site.localhost";
            Assert.Equal("home", await (await web.SendAsync(request)).Content.ReadAsStringAsync());
        }

        await s3.DeleteBucketWebsiteAsync("s3-site");
        Assert.Equal(404, (await SignedCurl.SendAsync("GET", $"{fixture.Platform.S3Url}/s3-site?website", fixture.Platform.RootAccessKey, fixture.Platform.RootSecretKey)).Status);
        var (_, after) = await fixture.SendAsync(HttpMethod.Get, "/v0/bucket?globalAlias=s3-site");
        Assert.False(after.GetProperty("websiteAccess").GetBoolean());
    }

    /// <summary>transporter_s3_sent_bytes_total{operation="WebsiteGet"} from the admin listener's /metrics.</summary>
    private async Task<double> WebsiteBytesSentAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", GarageAdminPlatform.MetricsToken);
        using var response = await fixture.Anonymous.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("transporter_s3_sent_bytes_total{", StringComparison.Ordinal) && l.Contains("operation=\"WebsiteGet\""));
        return line is null ? 0 : double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
