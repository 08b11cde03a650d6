using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Transporter.Api.Tests.Migrations.Fixtures;
using Transporter.Testing.Api;

namespace Transporter.Api.Tests.Migrations;

/// <summary>
/// Every malformed credential or name of every provider is a 400 naming the field wherever an endpoint document
/// arrives (POST /migrations as source and destination, /sync, /plans, /test-storage, /list-buckets), never a 5xx and
/// never a run that cannot start; nothing is stored.
/// </summary>
[Collection(ApiPlatformCollection.Name)]
public sealed class CredentialValidationTests(ApiPlatformFixture fixture)
{
    private static readonly string ValidPem = RsaPem();

    public static TheoryData<string, string, string> BadEndpoints => new()
    {
        // name, endpoint document, words expected in details
        { "gcsConfig not a key file", GcpNative("7"), "gcsConfig must be the service-account key file" },
        { "gcsConfig a string that is not JSON", GcpNative("\"{not json\""), "gcsConfig must be the service-account key file" },
        { "gcsConfig of another type", GcpNative(KeyFile(type: "authorized_user")), "gcsConfig.type must be \"service_account\"" },
        { "gcsConfig without client_email", GcpNative(KeyFile(email: null)), "gcsConfig.client_email is required" },
        { "gcsConfig without private_key", GcpNative(KeyFile(key: null)), "gcsConfig.private_key is required" },
        { "private_key PEM-framed but not a key", GcpNative(KeyFile(key: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")),
            "gcsConfig.private_key is not a PEM RSA private key" },
        { "private_key not PEM at all", GcpNative(KeyFile(key: "hello")), "gcsConfig.private_key is not a PEM RSA private key" },
        { "aws bucket with capitals", S3("aws", bucket: "My_Bucket"), "bucket 'My_Bucket' may hold only lowercase letters" },
        { "lyve bucket too short", S3("lyve", bucket: "ab"), "bucket 'ab' must be 3 to 63 characters long" },
        { "azure container with two hyphens", Azure(bucket: "a--b"), "bucket 'a--b' must not hold two hyphens in a row" },
        { "gcs bucket with a capital", GcpNative(KeyFile(), bucket: "Photos"), "bucket 'Photos' may hold only lowercase letters" },
        { "region with spaces", S3("s3v4", region: "us east 1"), "region 'us east 1' is not a region name" },
        { "endpoint not a URL", S3("s3v4", endpoint: "ht!tp://a b"), "endpoint 'ht!tp://a b' is not a URL" },
    };

    [Theory]
    [MemberData(nameof(BadEndpoints))]
    public async Task A_bad_endpoint_is_refused_everywhere_with_the_field_named(string name, string endpoint, string expected)
    {
        var good = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Endpoints.Store(fixture.Platform, "src")))!;
        var bad = JsonNode.Parse(endpoint)!;

        await RefusedAsync("/migrations", new JsonObject { ["source"] = bad.DeepClone(), ["destination"] = good.DeepClone() }, "source: " + expected, name);
        await RefusedAsync("/migrations", new JsonObject { ["source"] = good.DeepClone(), ["destination"] = bad.DeepClone() }, "destination: " + expected, name);
        await RefusedAsync("/sync", new JsonObject { ["source"] = bad.DeepClone(), ["destination"] = good.DeepClone() }, expected, name);
        await RefusedAsync("/plans", new JsonObject { ["source"] = bad.DeepClone(), ["destination"] = good.DeepClone() }, expected, name);
        await RefusedAsync("/test-storage", new JsonObject { ["config"] = bad.DeepClone(), ["read"] = true }, expected, name);
        // Listing buckets needs no bucket, so its name is not checked there.
        if (!expected.StartsWith("bucket '", StringComparison.Ordinal)) await RefusedAsync("/list-buckets", bad.DeepClone(), expected, name);
    }

    private async Task RefusedAsync(string path, JsonNode body, string expected, string name)
    {
        var migrations = await fixture.CountRowsAsync("migrations");
        ApiResponse response = await fixture.Root.PostAsync(path, body.ToJsonString());

        Assert.True(response.Status == HttpStatusCode.BadRequest, $"{name} at {path}: {response}");
        Assert.Contains(expected, response.Json.GetProperty("details").GetString());
        Assert.Equal(migrations, await fixture.CountRowsAsync("migrations"));
    }

    private static string S3(string type, string bucket = "photos", string region = "us-east-1", string endpoint = "https://s3.example.com") =>
        new JsonObject
        {
            ["type"] = type, ["accessKey"] = "AK", ["secretKey"] = "SK", ["bucket"] = bucket, ["endpoint"] = endpoint, ["region"] = region,
        }.ToJsonString();

    private static string Azure(string bucket) =>
        new JsonObject
        {
            ["type"] = "azure", ["accessKey"] = "account", ["secretKey"] = Convert.ToBase64String(new byte[32]), ["bucket"] = bucket,
            ["endpoint"] = "https://account.blob.core.windows.net",
        }.ToJsonString();

    private static string GcpNative(string gcsConfig, string bucket = "photos") =>
        $$"""{"type":"gcp-native","bucket":"{{bucket}}","gcsConfig":{{gcsConfig}}}""";

    private static string KeyFile(string? type = "service_account", string? email = "mover@project.iam.gserviceaccount.com", string? key = "valid")
    {
        var file = new JsonObject { ["project_id"] = "project" };
        if (type is not null) file["type"] = type;
        if (email is not null) file["client_email"] = email;
        if (key is not null) file["private_key"] = key == "valid" ? ValidPem : key;
        return file.ToJsonString();
    }

    private static string RsaPem()
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportPkcs8PrivateKeyPem();
    }
}
