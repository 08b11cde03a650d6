using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Transporter.EndToEnd.Tests.Migrations;

namespace Transporter.EndToEnd.Tests.Cloud;

/// <summary>
/// gcp-native endpoints (service-account key file, GCS JSON API) through the API. No real GCS runs here: these tests
/// run against the FAKE GCS server of Transporter.Testing (JSON API and OAuth2 token endpoint, in this test process),
/// and say so in their names.
/// </summary>
[Collection(CloudCollection.Name)]
public sealed class GcsNativeTests(CloudUnderTest env)
{
    [Fact]
    public async Task Test_storage_list_buckets_and_preflight_report_the_token_endpoints_refusal_AgainstFakeTokenEndpoint()
    {
        var bucket = CloudUnderTest.NewName("gcs-refused");
        env.Gcs.CreateBucket(bucket);
        // The key file names the service account, but its key is not the one the token endpoint knows.
        using var otherKey = RSA.Create(2048);
        var refused = env.GcsEndpoint(bucket, env.Gcs.KeyFile(otherKey));
        var source = await Buckets.CreateAsync(env.Local, "gcs-refused-src");
        await Buckets.PutAsync(env.Local, source, "one", Buckets.Content(10, 1));
        const string Details = "invalid_grant, details: invalid_grant: the token endpoint refused the service-account key: Invalid JWT Signature.";

        AzureEndpointCheckTests.AssertInvalidConfiguration(await env.Api.PostAsync("/test-storage", new { config = refused, read = true }), Details);
        refused.Remove("bucket");
        AzureEndpointCheckTests.AssertInvalidConfiguration(await env.Api.PostAsync("/list-buckets", refused), Details);

        var id = await MigrationApi.CreateAsync(env.Api, new { source = Buckets.Endpoint(env.Platform, source), destination = env.GcsEndpoint(bucket, env.Gcs.KeyFile(otherKey)) });
        var failed = await MigrationApi.WaitForFinishAsync(env.Api, id);
        Assert.Equal(6, failed.State());
        Assert.Contains("invalid_grant", Assert.Single(failed.GetProperty("errors").EnumerateArray()).GetString());
        Assert.Null(env.Gcs.ObjectResource(bucket, "one"));
    }

    [Fact]
    public async Task Objects_go_from_the_store_to_gcp_native_and_back_with_their_bytes_metadata_and_tags_AgainstFakeGcsServer()
    {
        var origin = await Buckets.CreateAsync(env.Local, "gcs-origin");
        var back = await Buckets.CreateAsync(env.Local, "gcs-back");
        var bucket = CloudUnderTest.NewName("gcs-round-trip");
        env.Gcs.CreateBucket(bucket);
        var objects = Enumerable.Range(0, 60).Select(i => (
            Key: CloudObjects.Key(i),
            // 20 MiB goes to GCS through a resumable session in 8 MiB chunks, and comes back in parallel ranged reads.
            Content: env.Files.Write(i == 0 ? 20 * CloudObjects.MiB : i * 1543 % 30_000, 300 + i),
            Properties: i % 5 == 0 ? CloudObjects.Rich(i) : null)).ToList();
        await StoreObjects.PutManyAsync(env.Local, origin, objects);

        var listed = await env.Api.PostAsync("/list-buckets", new { type = "gcp-native", endpoint = env.Gcs.BaseUrl + "/storage/v1/", gcsConfig = env.Gcs.KeyFile() });
        Assert.True(listed.Status == HttpStatusCode.OK, listed.ToString());
        Assert.Contains(bucket, listed.Json.EnumerateArray().Select(b => b.GetProperty("name").GetString()));

        var toGcs = await MigrationApi.CreateAsync(env.Api, new { source = Buckets.Endpoint(env.Platform, origin), destination = env.GcsEndpoint(bucket) });
        var toGcsDone = await MigrationApi.WaitForFinishAsync(env.Api, toGcs);
        Assert.Equal((2, 60L, 60L, 0L), (toGcsDone.State(), toGcsDone.Long("filesFound"), toGcsDone.Long("filesCompleted"), toGcsDone.Long("filesFailed")));

        // What GCS holds: the object resources as its JSON API returns them.
        foreach (var (i, (key, content, properties)) in objects.Index())
        {
            var resource = env.Gcs.ObjectResource(bucket, key) ?? throw new Xunit.Sdk.XunitException($"{key} is not in GCS");
            Assert.Equal((content.Size.ToString(), content.Md5), (resource["size"]!.GetValue<string>(), resource["md5Hash"]!.GetValue<string>()));
            var metadata = (resource["metadata"] as JsonObject)?.ToDictionary(m => m.Key, m => m.Value!.GetValue<string>()) ?? [];
            if (properties is null)
            {
                Assert.Equal("application/octet-stream", resource["contentType"]!.GetValue<string>());
                Assert.Empty(metadata);
                continue;
            }
            Assert.Equal(
                (properties.ContentType, properties.CacheControl, properties.ContentDisposition, properties.ContentEncoding, properties.ContentLanguage),
                (Field(resource, "contentType"), Field(resource, "cacheControl"), Field(resource, "contentDisposition"), Field(resource, "contentEncoding"), Field(resource, "contentLanguage")));
            // GCS takes any metadata name and value: user entries exactly (the note decoded), Expires and tags in reserved entries.
            Assert.Equal(new Dictionary<string, string>
            {
                ["origin"] = $"object {i}",
                ["content-id"] = $"<{i}@transporter.test>",
                ["note"] = $"caffè ☕ {i}",
                ["transporter_expires"] = "Fri, 01 Jan 2038 00:00:00 GMT",
                ["transporter_tag_project"] = "e2e",
                ["transporter_tag_index"] = i.ToString(),
                ["transporter_tag_path"] = "a/b:c=d+e-f.g_h",
            }.OrderBy(m => m.Key, StringComparer.Ordinal), metadata.OrderBy(m => m.Key, StringComparer.Ordinal));
        }
        var toGcsRows = await ReportRows.ReadAsync(env.Platform, toGcs);
        foreach (var (key, content, _) in objects)
        {
            Assert.Equal(content.Md5Hex, toGcsRows[key].SourceETag);
            Assert.Equal(env.Gcs.ObjectResource(bucket, key)!["etag"]!.GetValue<string>(), toGcsRows[key].DestinationETag);
        }

        var toStore = await MigrationApi.CreateAsync(env.Api, new { source = env.GcsEndpoint(bucket), destination = Buckets.Endpoint(env.Platform, back) });
        var toStoreDone = await MigrationApi.WaitForFinishAsync(env.Api, toStore);
        Assert.Equal((2, 60L, 60L, 0L), (toStoreDone.State(), toStoreDone.Long("filesFound"), toStoreDone.Long("filesCompleted"), toStoreDone.Long("filesFailed")));

        var hashes = await StoreObjects.Sha256AllAsync(env.Local, back, (await Buckets.ListAsync(env.Local, back)).Select(o => o.Key));
        Assert.Equal(objects.Select(o => o.Key).Order(StringComparer.Ordinal), hashes.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, content, _) in objects)
        {
            Assert.Equal(content.Sha256, hashes[key]);
            Assert.Equal((await StoreObjects.DescribeAsync(env.Local, origin, key)).ToString(), (await StoreObjects.DescribeAsync(env.Local, back, key)).ToString());
        }
    }

    private static string? Field(JsonObject resource, string name) => resource[name]?.GetValue<string>();
}
