using System.Text.Json;
using Transporter.Api.Tests.Migrations.Fixtures;
using Transporter.Testing;

namespace Transporter.Api.Tests.Hosting;

/// <summary>
/// Requests the web server refuses before any application code runs (a 64 KiB header, 10,000 query parameters, %00 in
/// the path) get a body in each listener's protocol from one platform: the API's JSON {"error","details"} with the
/// server's status on the API port, S3 error XML on the store's port of the same process.
/// </summary>
[Collection(ApiPlatformCollection.Name)]
public class ServerRefusalTests(ApiPlatformFixture fixture)
{
    [Fact]
    public async Task The_api_port_answers_the_servers_refusals_with_the_api_json_error()
    {
        var api = fixture.Platform.ApiUrl;
        var bigHeader = Path.Combine(RepoPaths.NewTempDir("curl-headers"), "h");
        await File.WriteAllTextAsync(bigHeader, "x-big: " + new string('a', 64 * 1024) + "\n");
        var manyParameters = string.Join('&', Enumerable.Range(0, 10_000).Select(i => $"p{i}=1"));

        var header = await Curl($"{api}/migrations", "-H", "@" + bigHeader);
        var query = await Curl($"{api}/migrations?{manyParameters}");
        var nul = await Curl($"{api}/migrations/bad%00id");

        Assert.Equal(431, header.Status);
        Assert.Equal("Request headers too large", header.Json.GetProperty("error").GetString());
        Assert.Equal(414, query.Status);
        Assert.Equal("URI too long", query.Json.GetProperty("error").GetString());
        Assert.Equal(400, nul.Status);
        Assert.Equal("Bad request", nul.Json.GetProperty("error").GetString());
        foreach (var refusal in new[] { header, query, nul })
            Assert.False(string.IsNullOrWhiteSpace(refusal.Json.GetProperty("details").GetString()));
    }

    [Fact]
    public async Task The_store_port_of_the_same_platform_keeps_s3_error_xml()
    {
        var result = await CommandLine.RunAsync("curl", ["-s", "-w", "\n%{http_code}", $"{fixture.Platform.S3Url}/some-bucket/bad%00key"]);
        var lines = result.StdOut.TrimEnd().Split('\n');

        Assert.Equal("400", lines[^1]);
        Assert.Contains("<Code>InvalidURI</Code>", string.Join('\n', lines[..^1]));
    }

    [Fact]
    public async Task A_request_the_api_accepts_passes_through_unchanged_after_a_refusal_on_another_connection()
    {
        await Curl($"{fixture.Platform.ApiUrl}/migrations/bad%00id");

        var health = await CommandLine.RunAsync("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", $"{fixture.Platform.ApiUrl}/health"]);

        Assert.Equal("200", health.StdOut.Trim());
    }

    private static async Task<(int Status, JsonElement Json)> Curl(string url, params string[] extra)
    {
        var result = await CommandLine.RunAsync("curl", ["-s", "-w", "\n%{http_code}", .. extra, url]);
        var lines = result.StdOut.TrimEnd().Split('\n');
        var body = string.Join('\n', lines[..^1]);
        using var json = JsonDocument.Parse(body);
        return (int.Parse(lines[^1], System.Globalization.CultureInfo.InvariantCulture), json.RootElement.Clone());
    }
}
