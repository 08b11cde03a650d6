using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Transporter.Testing;

namespace Transporter.Store.Tests.Admin;

/// <summary>The admin listener without TRANSPORTER_ADMIN_TOKEN: health and (tokenless) metrics answer, the admin
/// endpoints are off whatever token is sent.</summary>
public class GarageAdminListenerTests
{
    [Fact]
    public async Task Without_an_admin_token_the_admin_endpoints_are_off_and_metrics_are_open()
    {
        var adminUrl = $"http://127.0.0.1:{FreePort.Next()}";
        await using var platform = await PlatformProcess.StartAsync(extraEnv: new Dictionary<string, string> { ["TRANSPORTER_ADMIN_URL"] = adminUrl });
        using var http = new HttpClient { BaseAddress = new Uri(adminUrl) };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health")).StatusCode);
        var metrics = await http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Contains("process_cpu_seconds_total", await metrics.Content.ReadAsStringAsync());

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "anything");
        foreach (var path in new[] { "/v0/status", "/v0/key", "/v0/bucket" })
        {
            var refused = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            Assert.Equal("AdminApiDisabled", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        }
        var create = await http.PostAsJsonAsync("/v0/bucket", new { globalAlias = "never-made" });
        Assert.Equal(HttpStatusCode.NotFound, create.StatusCode);
        using var s3 = S3ClientFactory.For(platform);
        Assert.Empty((await s3.ListBucketsAsync()).Buckets ?? []);
    }
}
