using System.Net;
using Transporter.Api.Tests.Migrations.Fixtures;
using Transporter.Testing.Api;

namespace Transporter.Api.Tests.Migrations;

/// <summary>Every Transporter endpoint needs a request signed for the service "transporter" by a platform key;
/// refusals are 403 JSON. Public paths stay open.</summary>
[Collection(ApiPlatformCollection.Name)]
public sealed class AuthenticationTests(ApiPlatformFixture fixture)
{
    public static TheoryData<string, string> ApiRoutes => new()
    {
        { "POST", "/migrations" },
        { "GET", "/migrations" },
        { "GET", "/state/926dd67a-5475-43b3-9f7e-c6f2d5177bf7" },
        { "POST", "/abort/926dd67a-5475-43b3-9f7e-c6f2d5177bf7" },
        { "POST", "/retry/926dd67a-5475-43b3-9f7e-c6f2d5177bf7" },
        { "POST", "/pause/926dd67a-5475-43b3-9f7e-c6f2d5177bf7" },
        { "POST", "/test-storage" },
        { "POST", "/list-buckets" },
        { "POST", "/sync" },
        { "POST", "/sync/926dd67a-5475-43b3-9f7e-c6f2d5177bf7" },
        { "GET", "/bandwidth/926dd67a-5475-43b3-9f7e-c6f2d5177bf7" },
        { "POST", "/bandwidth" },
    };

    [Theory]
    [MemberData(nameof(ApiRoutes))]
    public async Task Unsigned_requests_are_refused_with_403_json(string method, string path)
    {
        var response = await fixture.Root.SendUnsignedAsync(new HttpMethod(method), path, method == "POST" ? "{}" : null);

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.StartsWith("application/json", response.ContentType);
        Assert.Equal("access denied", response.Json.GetProperty("error").GetString());
        Assert.Contains("transporter", response.Json.GetProperty("details").GetString());
    }

    [Fact]
    public async Task A_wrong_secret_is_refused_with_the_signature_error()
    {
        using var client = new TransporterApiClient(fixture.Platform.ApiUrl, fixture.Platform.RootAccessKey, "not-the-right-secret-key-000000000000001");

        var response = await client.GetAsync("/migrations");

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.StartsWith("SignatureDoesNotMatch", response.Json.GetProperty("details").GetString());
    }

    [Fact]
    public async Task An_unknown_access_key_is_refused()
    {
        using var client = new TransporterApiClient(fixture.Platform.ApiUrl, "NOSUCHACCESSKEY00001", "whatever-secret-key-00000000000000000001");

        var response = await client.PostAsync("/migrations", Endpoints.MigrationBody(fixture.Platform));

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.StartsWith("InvalidAccessKeyId", response.Json.GetProperty("details").GetString());
    }

    [Fact]
    public async Task A_body_changed_after_signing_is_refused()
    {
        var signedBody = System.Text.Encoding.UTF8.GetBytes("{\"paused\":true}");
        var url = new Uri(new Uri(fixture.Platform.ApiUrl), "/pause/926dd67a-5475-43b3-9f7e-c6f2d5177bf7");
        var headers = await BotocoreSigner.Shared.SignAsync(HttpMethod.Post, url, signedBody,
            new Dictionary<string, string> { ["Content-Type"] = "application/json" }, fixture.Platform.RootAccessKey, fixture.Platform.RootSecretKey);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent("{\"paused\":false}"u8.ToArray()) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in headers.Where(h => h.Key != "Content-Type")) request.Headers.TryAddWithoutValidation(name, value);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_request_signed_for_another_service_is_refused()
    {
        // A valid SigV4 signature of the same key, but scoped to the S3 service.
        var url = new Uri(new Uri(fixture.Platform.ApiUrl), "/migrations");
        var script = $$"""
            import urllib.request, urllib.error
            from botocore.auth import SigV4Auth
            from botocore.awsrequest import AWSRequest
            from botocore.credentials import Credentials
            req = AWSRequest(method="GET", url="{{url}}")
            SigV4Auth(Credentials("{{fixture.Platform.RootAccessKey}}", "{{fixture.Platform.RootSecretKey}}"), "s3", "us-east-1").add_auth(req)
            p = req.prepare()
            try:
                urllib.request.urlopen(urllib.request.Request(p.url, headers=dict(p.headers)))
                print(200)
            except urllib.error.HTTPError as e:
                print(e.code)
            """;
        var run = await Transporter.Testing.CommandLine.RunAsync("/usr/bin/python3", ["-c", script]);

        Assert.Equal("403", run.EnsureSuccess().StdOut.Trim());
    }

    [Fact]
    public async Task SigV2_signed_requests_are_accepted()
    {
        using var client = new TransporterApiClient(fixture.Platform.ApiUrl, fixture.Platform.RootAccessKey, fixture.Platform.RootSecretKey, SignatureVersion.V2);

        var response = await client.GetAsync("/migrations");

        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/metrics")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/swagger/index.html")]
    public async Task Public_paths_answer_without_a_signature(string path)
    {
        var response = await fixture.Root.SendUnsignedAsync(HttpMethod.Get, path);

        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_every_Transporter_endpoint()
    {
        var document = (await fixture.Root.SendUnsignedAsync(HttpMethod.Get, "/openapi/v1.json")).Json;
        var paths = document.GetProperty("paths");

        foreach (var path in new[] { "/migrations", "/state/{id}", "/abort/{id}", "/retry/{id}", "/pause/{id}", "/test-storage", "/list-buckets",
                     "/sync", "/sync/{id}", "/bandwidth/{id}", "/bandwidth" })
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from the OpenAPI document");
        Assert.True(paths.GetProperty("/migrations").GetProperty("post").GetProperty("responses").TryGetProperty("201", out _));
    }
}
