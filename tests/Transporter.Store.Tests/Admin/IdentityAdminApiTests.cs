using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using Transporter.Testing;

namespace Transporter.Store.Tests.Admin;

/// <summary>The identity admin API over real HTTP on the platform process (API port), and a key it creates signing
/// requests to the store (S3 port) at once.</summary>
public class IdentityAdminApiTests
{
    private const string Token = "admin-token-for-tests-0123456789";

    [Fact]
    public async Task Platform_admin_api_requires_the_bearer_token_and_manages_roots_users_and_keys()
    {
        await using var platform = await PlatformProcess.StartAsync(extraEnv: new Dictionary<string, string> { ["TRANSPORTER_ADMIN_TOKEN"] = Token });
        using var http = new HttpClient { BaseAddress = new Uri(platform.ApiUrl) };

        var anonymous = await http.GetAsync("/admin/v1/roots");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Unauthorized", (await ErrorOf(anonymous)).Error);
        using (var wrong = new HttpRequestMessage(HttpMethod.Get, "/admin/v1/roots"))
        {
            wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token + "x");
            var refused = await http.SendAsync(wrong);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("Forbidden", (await ErrorOf(refused)).Error);
        }

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        // The bootstrap made the first root from TRANSPORTER_ROOT_ACCESS_KEY.
        var roots = await http.GetFromJsonAsync<JsonElement>("/admin/v1/roots");
        Assert.Equal("default", roots[0].GetProperty("name").GetString());

        var created = await http.PostAsJsonAsync("/admin/v1/roots", new { name = "acme", rootUser = "admin@acme.example" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var root = await created.Content.ReadFromJsonAsync<JsonElement>();
        var key = root.GetProperty("accessKey");
        var accessKeyId = key.GetProperty("accessKeyId").GetString()!;
        var secret = key.GetProperty("secretAccessKey").GetString()!;
        Assert.Matches("^[A-Z0-9]{20}$", accessKeyId);
        Assert.Equal(40, secret.Length);
        Assert.Equal("admin@acme.example", root.GetProperty("rootUser").GetProperty("userName").GetString());

        var listing = await http.GetStringAsync("/admin/v1/roots");
        Assert.Contains("\"acme\"", listing);
        Assert.DoesNotContain(secret, listing);
        Assert.Equal(HttpStatusCode.Conflict, (await http.PostAsJsonAsync("/admin/v1/roots", new { name = "acme" })).StatusCode);
        var badName = await http.PostAsJsonAsync("/admin/v1/roots", new { name = "Not A Name" });
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidRequest"), (badName.StatusCode, (await ErrorOf(badName)).Error));
        var badJson = await http.PostAsync("/admin/v1/roots", new StringContent("{name:", Encoding.UTF8, "application/json"));
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidRequest"), (badJson.StatusCode, (await ErrorOf(badJson)).Error));

        Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("/admin/v1/roots/acme/users", new { userName = "bob@acme.example" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsJsonAsync("/admin/v1/roots/nope/users", new { userName = "x@y" })).StatusCode);
        var bobKey = await (await http.PostAsync("/admin/v1/roots/acme/users/bob@acme.example/keys", null)).Content.ReadFromJsonAsync<JsonElement>();
        var bobKeyId = bobKey.GetProperty("accessKeyId").GetString()!;
        Assert.Equal(40, bobKey.GetProperty("secretAccessKey").GetString()!.Length);

        var keys = await http.GetStringAsync("/admin/v1/roots/acme/users/bob@acme.example/keys");
        Assert.Contains(bobKeyId, keys);
        Assert.DoesNotContain("secret", keys, StringComparison.OrdinalIgnoreCase);
        var info = await http.GetFromJsonAsync<JsonElement>($"/admin/v1/keys/{bobKeyId}");
        Assert.Equal(("acme", "bob@acme.example"), (info.GetProperty("root").GetString(), info.GetProperty("userName").GetString()));

        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"/admin/v1/roots/acme/users/bob@acme.example/keys/{bobKeyId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.DeleteAsync($"/admin/v1/roots/acme/users/bob@acme.example/keys/{bobKeyId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/admin/v1/keys/{bobKeyId}")).StatusCode);
        Assert.DoesNotContain(secret, platform.Output);
    }

    [Fact]
    public async Task Platform_admin_api_is_off_without_a_token()
    {
        await using var platform = await PlatformProcess.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(platform.ApiUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        var response = await http.GetAsync("/admin/v1/roots");
        Assert.Equal((HttpStatusCode.NotFound, "AdminApiDisabled"), (response.StatusCode, (await ErrorOf(response)).Error));
    }

    [Fact]
    public async Task Key_created_through_the_admin_api_signs_s3_requests_at_once_and_stops_when_deleted()
    {
        await using var platform = await PlatformProcess.StartAsync(extraEnv: new Dictionary<string, string> { ["TRANSPORTER_ADMIN_TOKEN"] = Token });
        using var http = new HttpClient { BaseAddress = new Uri(platform.ApiUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        var created = await (await http.PostAsJsonAsync("/admin/v1/roots", new { name = "tenant-a" })).Content.ReadFromJsonAsync<JsonElement>();
        var key = created.GetProperty("accessKey");
        var accessKeyId = key.GetProperty("accessKeyId").GetString()!;

        using (var client = S3ClientFactory.For(platform.S3Url, accessKeyId, key.GetProperty("secretAccessKey").GetString()!))
        {
            await client.PutBucketAsync("tenant-a-bucket");
            await client.PutObjectAsync(new PutObjectRequest { BucketName = "tenant-a-bucket", Key = "k", ContentBody = "tenant data" });
            Assert.Equal(["tenant-a-bucket"], (await client.ListBucketsAsync()).Buckets.Select(b => b.BucketName));

            Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"/admin/v1/roots/tenant-a/users/root/keys/{accessKeyId}")).StatusCode);
            var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.PutObjectAsync(new PutObjectRequest { BucketName = "tenant-a-bucket", Key = "k", ContentBody = "x" }));
            Assert.Equal("InvalidAccessKeyId", error.ErrorCode);
        }

        // On the S3 port a request under /admin/v1 is the store's (bucket "admin"), also with the admin API on.
        using var root = S3ClientFactory.For(platform);
        await root.PutBucketAsync("admin");
        await root.PutObjectAsync(new PutObjectRequest { BucketName = "admin", Key = "v1/roots", ContentBody = "data" });
        using var stored = await root.GetObjectAsync("admin", "v1/roots");
        Assert.Equal("data", await new StreamReader(stored.ResponseStream).ReadToEndAsync());
    }

    private static async Task<(string Error, string Details)> ErrorOf(HttpResponseMessage response)
    {
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (json.GetProperty("error").GetString()!, json.GetProperty("details").GetString()!);
    }
}
