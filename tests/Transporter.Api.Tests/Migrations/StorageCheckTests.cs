using System.Net;
using Amazon.S3.Model;
using Transporter.Api.Tests.Migrations.Fixtures;
using Transporter.Testing;

namespace Transporter.Api.Tests.Migrations;

/// <summary>POST /test-storage and /list-buckets make real calls to the platform's built-in store through the S3
/// provider; refusals name the provider's error.</summary>
[Collection(ApiPlatformCollection.Name)]
public sealed class StorageCheckTests(ApiPlatformFixture fixture)
{
    private async Task<string> NewBucketAsync()
    {
        var name = "check-" + Guid.NewGuid().ToString("N")[..12];
        using var s3 = S3ClientFactory.For(fixture.Platform);
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = name });
        return name;
    }

    [Fact]
    public async Task Read_write_and_delete_pass_on_a_usable_bucket_and_leave_nothing_behind()
    {
        var bucket = await NewBucketAsync();

        var response = await fixture.Root.PostAsync("/test-storage", new { config = Endpoints.Store(fixture.Platform, bucket), read = true, write = true, delete = true });
        var writeOnly = await fixture.Root.PostAsync("/test-storage", new { config = Endpoints.Store(fixture.Platform, bucket), read = false, write = true, delete = false });

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(HttpStatusCode.OK, writeOnly.Status);
        using var s3 = S3ClientFactory.For(fixture.Platform);
        Assert.Empty((await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects ?? []);
    }

    [Fact]
    public async Task A_missing_bucket_is_reported_with_the_providers_code_and_message()
    {
        var response = await fixture.Root.PostAsync("/test-storage",
            new { config = Endpoints.Store(fixture.Platform, "no-such-bucket-" + Guid.NewGuid().ToString("N")[..8]), read = true, write = false, delete = false });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("invalid configuration for the storage", response.Json.GetProperty("error").GetString());
        Assert.StartsWith("NoSuchBucket, details: NoSuchBucket: ", response.Json.GetProperty("details").GetString());
    }

    [Fact]
    public async Task Wrong_credentials_are_reported_with_the_providers_code()
    {
        var bucket = await NewBucketAsync();
        var config = Endpoints.Store(fixture.Platform, bucket);
        config["secretKey"] = "a-wrong-secret-key-000000000000000000001";

        var response = await fixture.Root.PostAsync("/test-storage", new { config, read = true, write = true, delete = true });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.StartsWith("SignatureDoesNotMatch, details: SignatureDoesNotMatch: ", response.Json.GetProperty("details").GetString());
    }

    [Fact]
    public async Task An_invalid_configuration_is_refused_before_any_call()
    {
        var config = Endpoints.Store(fixture.Platform, "b");
        config["type"] = "floppy";

        var response = await fixture.Root.PostAsync("/test-storage", new { config, read = true });
        var missing = await fixture.Root.PostAsync("/test-storage", new { read = true });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("invalid configuration for the storage", response.Json.GetProperty("error").GetString());
        Assert.Contains("unknown type 'floppy'", response.Json.GetProperty("details").GetString());
        Assert.Equal("config is required", missing.Json.GetProperty("details").GetString());
    }

    [Fact]
    public async Task List_buckets_answers_the_names_the_credentials_can_see()
    {
        var bucket = await NewBucketAsync();
        var config = Endpoints.Store(fixture.Platform, "unused");
        config.Remove("bucket");

        var response = await fixture.Root.PostAsync("/list-buckets", config);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var entries = response.Json.EnumerateArray().ToList();
        Assert.All(entries, e => Assert.Equal(["name"], e.EnumerateObject().Select(p => p.Name)));
        Assert.Contains(entries, e => e.GetProperty("name").GetString() == bucket);
    }

    [Fact]
    public async Task List_buckets_refuses_bad_credentials_and_bad_configurations()
    {
        var config = Endpoints.Store(fixture.Platform, "unused");
        config["accessKey"] = "NOSUCHKEY00000000001";
        var unknownKey = await fixture.Root.PostAsync("/list-buckets", config);
        var noEndpoint = await fixture.Root.PostAsync("/list-buckets", new { type = "s3v4", accessKey = "a", secretKey = "b" });

        Assert.Equal(HttpStatusCode.BadRequest, unknownKey.Status);
        Assert.StartsWith("InvalidAccessKeyId, details: InvalidAccessKeyId: ", unknownKey.Json.GetProperty("details").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, noEndpoint.Status);
        Assert.Contains("endpoint is required", noEndpoint.Json.GetProperty("details").GetString());
    }
}
