using System.Net;
using System.Text.Json;
using Amazon.S3.Model;
using Transporter.Api.Tests.Migrations.Fixtures;
using Transporter.Api.Tests.Reports;
using Transporter.Testing;

namespace Transporter.Api.Tests.Migrations;

/// <summary>POST /verify against the running platform: the body of POST /sync plus deep, answered 201 {root, id}; its
/// run compares two buckets of the built-in store and its error reports carry verifyResult.</summary>
[Collection(ApiPlatformCollection.Name)]
public sealed class VerifyApiTests(ApiPlatformFixture fixture)
{
    [Fact]
    public async Task A_verify_run_reports_what_differs_between_two_buckets_and_copies_nothing()
    {
        var p = fixture.Platform;
        using var s3 = S3ClientFactory.For(p);
        var source = await ApiRuns.NewBucketAsync(s3, "verify-src", 6, i => 100 + i);
        var destination = await ApiRuns.NewBucketAsync(s3, "verify-dst", 4, i => 100 + i);
        await s3.DeleteObjectAsync(destination, "obj-001");
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = destination, Key = "obj-002", ContentBody = "other bytes", UseChunkEncoding = false });
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = destination, Key = "zzz-extra", ContentBody = "x", UseChunkEncoding = false });

        var created = await fixture.Root.PostAsync("/verify", new
        {
            source = ApiRuns.Endpoint(p.S3Url, p.RootAccessKey, p.RootSecretKey, source),
            destination = ApiRuns.Endpoint(p.S3Url, p.RootAccessKey, p.RootSecretKey, destination),
            deep = true,
        });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(["id", "root"], created.Json.EnumerateObject().Select(e => e.Name).Order());
        var id = created.Json.GetProperty("id").GetString()!;
        var state = await ApiRuns.WaitForEndAsync(fixture.Root, id);

        Assert.Equal((7, 7L, 2L, 5L), (state.GetProperty("state").GetInt32(), state.GetProperty("filesFound").GetInt64(),
            state.GetProperty("filesCompleted").GetInt64(), state.GetProperty("filesFailed").GetInt64()));
        var rows = (await fixture.Root.GetAsync($"/reports/errors/{id}")).Json.GetProperty("reports").EnumerateArray()
            .ToDictionary(r => r.GetProperty("objectKey").GetString()!, r => r.GetProperty("verifyResult").GetString());
        Assert.Equal(new Dictionary<string, string?>
        {
            ["obj-001"] = "missing", ["obj-002"] = "differs", ["obj-004"] = "missing", ["obj-005"] = "missing", ["zzz-extra"] = "extra",
        }, rows);
        var kind = (await fixture.Root.GetAsync("/migrations")).Json.EnumerateArray().Single(m => m.GetProperty("id").GetString() == id);
        Assert.Equal("verify", kind.GetProperty("kind").GetString());
        Assert.Equal(4, (await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = destination })).S3Objects.Count);
    }

    [Fact]
    public async Task A_verify_with_filters_compares_only_the_objects_they_select()
    {
        var p = fixture.Platform;
        using var s3 = S3ClientFactory.For(p);
        var source = await ApiRuns.NewBucketAsync(s3, "verify-src", 6, i => 100 + i);
        var destination = await ApiRuns.NewBucketAsync(s3, "verify-dst", 2, i => 100 + i);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = destination, Key = "obj-009", ContentBody = "x", UseChunkEncoding = false });
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = destination, Key = "zzz-extra", ContentBody = "x", UseChunkEncoding = false });

        // obj-000..002 and obj-009 match the pattern; obj-002 is missing and obj-009 extra; the other keys are not compared.
        var created = await fixture.Root.PostAsync("/verify", new
        {
            source = ApiRuns.Endpoint(p.S3Url, p.RootAccessKey, p.RootSecretKey, source),
            destination = ApiRuns.Endpoint(p.S3Url, p.RootAccessKey, p.RootSecretKey, destination),
            filters = new { include = new[] { "obj-00[0-29]" } },
        });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var id = created.Json.GetProperty("id").GetString()!;
        var state = await ApiRuns.WaitForEndAsync(fixture.Root, id);

        Assert.Equal((4L, 2L, 2L), (state.GetProperty("filesFound").GetInt64(), state.GetProperty("filesCompleted").GetInt64(),
            state.GetProperty("filesFailed").GetInt64()));
        var rows = (await fixture.Root.GetAsync($"/reports/errors/{id}")).Json.GetProperty("reports").EnumerateArray()
            .ToDictionary(r => r.GetProperty("objectKey").GetString()!, r => r.GetProperty("verifyResult").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["obj-002"] = "missing", ["obj-009"] = "extra" }, rows);
    }

    [Fact]
    public async Task Deep_belongs_to_verify_and_a_verify_deletes_nothing()
    {
        var body = JsonSerializer.Serialize(Endpoints.MigrationBody(fixture.Platform));
        var withDeep = body[..^1] + ",\"deep\":true}";
        var withDelete = body[..^1] + ",\"deleteAfterUpload\":true}";

        var sync = await fixture.Root.PostAsync("/sync", withDeep);
        var verify = await fixture.Root.PostAsync("/verify", withDelete);

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (sync.Status, verify.Status));
        Assert.Contains("deep is valid only for POST /verify", sync.Json.GetProperty("details").GetString());
        Assert.Contains("deleteAfterUpload is not valid for a verify run", verify.Json.GetProperty("details").GetString());
    }
}
