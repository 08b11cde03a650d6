using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using Transporter.Testing;

namespace Transporter.Store.Tests.Admin;

/// <summary>The Garage-style admin API on TRANSPORTER_ADMIN_URL of a running platform: tokens, the cluster endpoints of
/// one node, keys and buckets with the shapes of spec/garage-admin-api.txt, and what they change in the S3 store.</summary>
public class GarageAdminApiTests(GarageAdminPlatform fixture) : IClassFixture<GarageAdminPlatform>
{

    [Fact]
    public async Task Without_or_with_a_wrong_token_every_admin_endpoint_refuses_and_nothing_changes()
    {
        string[] paths = ["/v0/status", "/v0/health", "/v0/layout", "/v0/key", "/v0/bucket"];
        foreach (var path in paths)
        {
            var anonymous = await fixture.Anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal("Unauthorized", (await anonymous.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
            using var wrong = new HttpRequestMessage(HttpMethod.Get, path);
            wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", GarageAdminPlatform.AdminToken + "x");
            Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Anonymous.SendAsync(wrong)).StatusCode);
        }
        // The metrics token is not the admin token.
        using (var metricsToken = new HttpRequestMessage(HttpMethod.Get, "/v0/key"))
        {
            metricsToken.Headers.Authorization = new AuthenticationHeaderValue("Bearer", GarageAdminPlatform.MetricsToken);
            Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Anonymous.SendAsync(metricsToken)).StatusCode);
        }

        // Writes refused: no key, no bucket made.
        using (var create = new HttpRequestMessage(HttpMethod.Post, "/v0/bucket") { Content = JsonContent.Create(new { globalAlias = "refused-bucket" }) })
        {
            create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "wrong");
            Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Anonymous.SendAsync(create)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Anonymous.PostAsJsonAsync("/v0/key", new { name = "refused-key" })).StatusCode);
        var (_, buckets) = await fixture.SendAsync(HttpMethod.Get, "/v0/bucket");
        Assert.DoesNotContain(buckets.EnumerateArray(), b => b.GetProperty("globalAliases")[0].GetString() == "refused-bucket");
        var (_, keys) = await fixture.SendAsync(HttpMethod.Get, "/v0/key");
        Assert.DoesNotContain(keys.EnumerateArray(), k => k.GetProperty("name").GetString() == "refused-key");
        using var root = S3ClientFactory.For(fixture.Platform);
        Assert.DoesNotContain((await root.ListBucketsAsync()).Buckets ?? [], b => b.BucketName == "refused-bucket");

        // The API URL's /admin/v1 still answers with the same token.
        using var api = new HttpClient { BaseAddress = new Uri(fixture.Platform.ApiUrl) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", GarageAdminPlatform.AdminToken);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/admin/v1/roots")).StatusCode);
        // ... and the Garage endpoints are not on the API URL.
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/v0/status")).StatusCode);
    }

    [Fact]
    public async Task Health_is_open_and_metrics_need_the_metrics_token_and_parse_as_prometheus_text()
    {
        var health = await fixture.Anonymous.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.StartsWith("text/plain", health.Content.Headers.ContentType!.ToString());

        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Anonymous.GetAsync("/metrics")).StatusCode);
        using (var wrong = new HttpRequestMessage(HttpMethod.Get, "/metrics"))
        {
            wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", GarageAdminPlatform.AdminToken);
            Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Anonymous.SendAsync(wrong)).StatusCode);
        }
        // Some S3 traffic so that the per-operation series exist, and a bucket with two objects.
        using (var s3 = S3ClientFactory.For(fixture.Platform))
        {
            await s3.PutBucketAsync("metrics-bucket");
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = "metrics-bucket", Key = "a", ContentBody = "1234" });
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = "metrics-bucket", Key = "b", ContentBody = "56" });
        }
        using var scrape = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        scrape.Headers.Authorization = new AuthenticationHeaderValue("Bearer", GarageAdminPlatform.MetricsToken);
        var metrics = await fixture.Anonymous.SendAsync(scrape);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        var text = await metrics.Content.ReadAsStringAsync();
        // The reference parser (python3-prometheus-client) reads it: one line per sample, "name {labels} value".
        var parsed = await CommandLine.RunAsync("/usr/bin/python3", ["-c", """
            import json, sys
            from prometheus_client.parser import text_string_to_metric_families
            for f in text_string_to_metric_families(sys.stdin.read()):
                for s in f.samples:
                    print(s.name, json.dumps(s.labels, sort_keys=True), s.value)
            """], stdin: text);
        parsed.EnsureSuccess();
        var samples = parsed.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(samples, s => s.StartsWith("process_cpu_seconds_total ", StringComparison.Ordinal));
        Assert.Contains("transporter_store_bucket_objects {\"bucket\": \"metrics-bucket\"} 2.0", samples);
        Assert.Contains("transporter_store_bucket_bytes {\"bucket\": \"metrics-bucket\"} 6.0", samples);
        Assert.Contains(samples, s => s.StartsWith("transporter_s3_requests_total {\"operation\": \"PutObject\", \"status\": \"200\"}", StringComparison.Ordinal));
        Assert.Contains(samples, s => s.StartsWith("transporter_s3_request_duration_seconds_count {\"operation\": \"PutBucket", StringComparison.Ordinal)
                                      || s.StartsWith("transporter_s3_request_duration_seconds_count {\"operation\": \"CreateBucket", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cluster_endpoints_describe_one_node_and_refuse_layout_changes()
    {
        var (status, body) = await fixture.SendAsync(HttpMethod.Get, "/v0/status");
        Assert.Equal(HttpStatusCode.OK, status);
        var node = body.GetProperty("node").GetString()!;
        Assert.Matches("^[0-9a-f]{64}$", node);
        Assert.StartsWith("transporter:", body.GetProperty("garage_version").GetString());
        var self = body.GetProperty("knownNodes").GetProperty(node);
        Assert.True(self.GetProperty("is_up").GetBoolean());
        Assert.True(self.GetProperty("dataPartition").GetProperty("total").GetInt64() > 0);
        Assert.True(self.GetProperty("dataPartition").GetProperty("available").GetInt64() > 0);
        Assert.Single(body.GetProperty("knownNodes").EnumerateObject());
        Assert.True(body.GetProperty("layout").GetProperty("roles").TryGetProperty(node, out _));

        var (_, health) = await fixture.SendAsync(HttpMethod.Get, "/v0/health");
        Assert.Equal(("Healthy", 1, 1, 256), (health.GetProperty("status").GetString(), health.GetProperty("known_nodes").GetInt32(),
            health.GetProperty("storage_nodes_ok").GetInt32(), health.GetProperty("partitions_all_ok").GetInt32()));

        var (_, layout) = await fixture.SendAsync(HttpMethod.Get, "/v0/layout");
        Assert.Equal(1, layout.GetProperty("version").GetInt32());
        Assert.Empty(layout.GetProperty("stagedRoleChanges").EnumerateObject());
        foreach (var path in new[] { "/v0/layout", "/v0/layout/apply", "/v0/layout/revert" })
        {
            var (refused, error) = await fixture.SendAsync(HttpMethod.Post, path, new { version = 2 });
            Assert.Equal((HttpStatusCode.BadRequest, "SingleNode"), (refused, error.GetProperty("error").GetString()));
        }
        var (_, connect) = await fixture.SendAsync(HttpMethod.Post, "/v0/connect", new[] { "ec79@10.0.0.11:3901", "4a6a@10.0.0.12:3901" });
        Assert.Equal(2, connect.GetArrayLength());
        Assert.All(connect.EnumerateArray(), c => Assert.False(c.GetProperty("success").GetBoolean()));
    }

    [Fact]
    public async Task Keys_are_created_imported_listed_found_updated_and_deleted_and_sign_s3_requests()
    {
        var (created, key) = await fixture.SendAsync(HttpMethod.Post, "/v0/key", new { name = "NameOfMyKey" });
        Assert.Equal(HttpStatusCode.OK, created);
        var id = key.GetProperty("accessKeyId").GetString()!;
        var secret = key.GetProperty("secretAccessKey").GetString()!;
        Assert.Equal("NameOfMyKey", key.GetProperty("name").GetString());
        Assert.False(key.GetProperty("permissions").GetProperty("createBucket").GetBoolean());
        Assert.Equal(0, key.GetProperty("buckets").GetArrayLength());

        var (_, list) = await fixture.SendAsync(HttpMethod.Get, "/v0/key");
        Assert.Contains(list.EnumerateArray(), k => k.GetProperty("id").GetString() == id && k.GetProperty("name").GetString() == "NameOfMyKey");
        Assert.Contains(list.EnumerateArray(), k => k.GetProperty("id").GetString() == fixture.Platform.RootAccessKey);
        Assert.DoesNotContain(secret, list.GetRawText());

        var (_, byId) = await fixture.SendAsync(HttpMethod.Get, $"/v0/key?id={id}");
        Assert.Equal(JsonValueKind.Null, byId.GetProperty("secretAccessKey").ValueKind);
        var (_, shown) = await fixture.SendAsync(HttpMethod.Get, $"/v0/key?id={id}&showSecretKey=true");
        Assert.Equal(secret, shown.GetProperty("secretAccessKey").GetString());
        var (_, byName) = await fixture.SendAsync(HttpMethod.Get, "/v0/key?search=NameOfMyKey");
        Assert.Equal(id, byName.GetProperty("accessKeyId").GetString());
        var (_, byPrefix) = await fixture.SendAsync(HttpMethod.Get, $"/v0/key?search={id[..8]}");
        Assert.Equal(id, byPrefix.GetProperty("accessKeyId").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Get, "/v0/key?search=no-such-key-name")).Status);

        // The new key signs S3 requests, and may create buckets only once allowed.
        using (var s3 = S3ClientFactory.For(fixture.Platform.S3Url, id, secret))
        {
            var denied = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.PutBucketAsync("garage-key-bucket"));
            Assert.Equal("AccessDenied", denied.ErrorCode);
            var (_, updated) = await fixture.SendAsync(HttpMethod.Post, $"/v0/key?id={id}", new { name = "Renamed", allow = new { createBucket = true } });
            Assert.True(updated.GetProperty("permissions").GetProperty("createBucket").GetBoolean());
            Assert.Equal("Renamed", updated.GetProperty("name").GetString());
            await s3.PutBucketAsync("garage-key-bucket");
            var (_, withBucket) = await fixture.SendAsync(HttpMethod.Get, $"/v0/key?id={id}");
            var bucket = Assert.Single(withBucket.GetProperty("buckets").EnumerateArray());
            Assert.Equal("garage-key-bucket", bucket.GetProperty("globalAliases")[0].GetString());
            Assert.True(bucket.GetProperty("permissions").GetProperty("owner").GetBoolean());
            var (_, denyUpdate) = await fixture.SendAsync(HttpMethod.Post, $"/v0/key?id={id}", new { deny = new { createBucket = true } });
            Assert.False(denyUpdate.GetProperty("permissions").GetProperty("createBucket").GetBoolean());
            Assert.Equal("Renamed", denyUpdate.GetProperty("name").GetString());
            await s3.DeleteBucketAsync("garage-key-bucket");
        }

        var (imported, importedKey) = await fixture.SendAsync(HttpMethod.Post, "/v0/key/import",
            new { accessKeyId = "GK31C2F218A2E44F485B", secretAccessKey = "b892c0665f0ada8a4755dae98baa3b133590e11d", name = "Imported key" });
        Assert.Equal(HttpStatusCode.OK, imported);
        Assert.Equal("GK31C2F218A2E44F485B", importedKey.GetProperty("accessKeyId").GetString());
        var (again, conflict) = await fixture.SendAsync(HttpMethod.Post, "/v0/key/import",
            new { accessKeyId = "GK31C2F218A2E44F485B", secretAccessKey = "b892c0665f0ada8a4755dae98baa3b133590e11d", name = "twice" });
        Assert.Equal(HttpStatusCode.Conflict, again);
        using (var s3 = S3ClientFactory.For(fixture.Platform.S3Url, "GK31C2F218A2E44F485B", "b892c0665f0ada8a4755dae98baa3b133590e11d"))
            Assert.Empty((await s3.ListBucketsAsync()).Buckets ?? []);

        Assert.Equal(HttpStatusCode.OK, (await fixture.SendAsync(HttpMethod.Delete, $"/v0/key?id={id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Get, $"/v0/key?id={id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Delete, $"/v0/key?id={id}")).Status);
        using (var gone = S3ClientFactory.For(fixture.Platform.S3Url, id, secret))
            Assert.Equal("InvalidAccessKeyId", (await Assert.ThrowsAsync<AmazonS3Exception>(() => gone.ListBucketsAsync())).ErrorCode);
        Assert.DoesNotContain(secret, fixture.Platform.Output);
    }

    [Fact]
    public async Task Buckets_are_created_described_with_counts_given_quotas_and_website_and_deleted_only_when_empty()
    {
        var (created, bucket) = await fixture.SendAsync(HttpMethod.Post, "/v0/bucket", new { globalAlias = "garage-global" });
        Assert.Equal(HttpStatusCode.OK, created);
        var id = bucket.GetProperty("id").GetString()!;
        Assert.Matches("^[0-9a-f]{64}$", id);
        Assert.Equal(["garage-global"], bucket.GetProperty("globalAliases").EnumerateArray().Select(a => a.GetString()));
        Assert.False(bucket.GetProperty("websiteAccess").GetBoolean());
        Assert.Equal(JsonValueKind.Null, bucket.GetProperty("websiteConfig").ValueKind);
        Assert.Equal((0, 0, 0), (bucket.GetProperty("objects").GetInt64(), bucket.GetProperty("bytes").GetInt64(), bucket.GetProperty("unfinshedUploads").GetInt64()));
        Assert.Equal(JsonValueKind.Null, bucket.GetProperty("quotas").GetProperty("maxSize").ValueKind);
        // Made for the first root: its root key has every permission.
        var rootKey = Assert.Single(bucket.GetProperty("keys").EnumerateArray(), k => k.GetProperty("accessKeyId").GetString() == fixture.Platform.RootAccessKey);
        Assert.True(rootKey.GetProperty("permissions").GetProperty("owner").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, (await fixture.SendAsync(HttpMethod.Post, "/v0/bucket", new { globalAlias = "garage-global" })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await fixture.SendAsync(HttpMethod.Post, "/v0/bucket", new { })).Status);

        using var s3 = S3ClientFactory.For(fixture.Platform);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "garage-global", Key = "a", ContentBody = "12345" });
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "garage-global", Key = "b", ContentBody = "123" });
        var upload = await s3.InitiateMultipartUploadAsync("garage-global", "big");
        var (_, byAlias) = await fixture.SendAsync(HttpMethod.Get, "/v0/bucket?globalAlias=garage-global");
        Assert.Equal(id, byAlias.GetProperty("id").GetString());
        Assert.Equal((2, 8, 1), (byAlias.GetProperty("objects").GetInt64(), byAlias.GetProperty("bytes").GetInt64(), byAlias.GetProperty("unfinshedUploads").GetInt64()));
        var (_, list) = await fixture.SendAsync(HttpMethod.Get, "/v0/bucket");
        Assert.Contains(list.EnumerateArray(), b => b.GetProperty("id").GetString() == id && b.GetProperty("localAliases").GetArrayLength() == 0);

        var (updated, withQuotas) = await fixture.SendAsync(HttpMethod.Put, $"/v0/bucket?id={id}", new
        {
            websiteAccess = new { enabled = true, indexDocument = "index.html", errorDocument = "404.html" },
            quotas = new { maxSize = 19029801, maxObjects = (long?)null },
        });
        Assert.Equal(HttpStatusCode.OK, updated);
        Assert.True(withQuotas.GetProperty("websiteAccess").GetBoolean());
        Assert.Equal("404.html", withQuotas.GetProperty("websiteConfig").GetProperty("errorDocument").GetString());
        Assert.Equal(19029801, withQuotas.GetProperty("quotas").GetProperty("maxSize").GetInt64());
        var (bad, _) = await fixture.SendAsync(HttpMethod.Put, $"/v0/bucket?id={id}", new
        {
            websiteAccess = new { enabled = true },
            quotas = new { maxSize = 1, maxObjects = 1 },
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        var (_, unchanged) = await fixture.SendAsync(HttpMethod.Get, $"/v0/bucket?id={id}");
        Assert.Equal(19029801, unchanged.GetProperty("quotas").GetProperty("maxSize").GetInt64());
        Assert.Equal("index.html", unchanged.GetProperty("websiteConfig").GetProperty("indexDocument").GetString());

        Assert.Equal(HttpStatusCode.OK, (await fixture.SendAsync(HttpMethod.Put, $"/v0/bucket/alias/global?id={id}&alias=garage-global")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await fixture.SendAsync(HttpMethod.Put, $"/v0/bucket/alias/global?id={id}&alias=other-name")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Put, $"/v0/bucket/alias/local?id={id}&accessKeyId=x&alias=y")).Status);

        var (notEmpty, error) = await fixture.SendAsync(HttpMethod.Delete, $"/v0/bucket?id={id}");
        Assert.Equal((HttpStatusCode.Conflict, "BucketNotEmpty"), (notEmpty, error.GetProperty("error").GetString()));
        Assert.Equal(2, (await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "garage-global" })).KeyCount);
        await s3.AbortMultipartUploadAsync("garage-global", "big", upload.UploadId);
        await s3.DeleteObjectAsync("garage-global", "a");
        await s3.DeleteObjectAsync("garage-global", "b");
        Assert.Equal(HttpStatusCode.NoContent, (await fixture.SendAsync(HttpMethod.Delete, $"/v0/bucket?id={id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Get, $"/v0/bucket?id={id}")).Status);
    }

    [Fact]
    public async Task A_local_alias_gives_the_bucket_to_the_key_and_allow_owner_moves_it()
    {
        var (_, key) = await fixture.SendAsync(HttpMethod.Post, "/v0/key", new { name = "local-owner" });
        var keyId = key.GetProperty("accessKeyId").GetString()!;
        var (created, bucket) = await fixture.SendAsync(HttpMethod.Post, "/v0/bucket", new
        {
            localAlias = new { accessKeyId = keyId, alias = "garage-local", allow = new { read = true, write = true, owner = true } },
        });
        Assert.Equal(HttpStatusCode.OK, created);
        var id = bucket.GetProperty("id").GetString()!;
        Assert.Equal(keyId, Assert.Single(bucket.GetProperty("keys").EnumerateArray()).GetProperty("accessKeyId").GetString());
        using (var owner = S3ClientFactory.For(fixture.Platform.S3Url, keyId, key.GetProperty("secretAccessKey").GetString()!))
            await owner.PutObjectAsync(new PutObjectRequest { BucketName = "garage-local", Key = "k", ContentBody = "x" });
        using var root = S3ClientFactory.For(fixture.Platform);
        Assert.Equal("AccessDenied", (await Assert.ThrowsAsync<AmazonS3Exception>(() => root.GetObjectAsync("garage-local", "k"))).ErrorCode);

        // Read, then write, for another root's key: statements of the bucket's policy, which the store then applies.
        var (allowedRead, readInfo) = await fixture.SendAsync(HttpMethod.Post, "/v0/bucket/allow",
            new { bucketId = id, accessKeyId = fixture.Platform.RootAccessKey, permissions = new { read = true, write = false, owner = false } });
        Assert.Equal(HttpStatusCode.OK, allowedRead);
        Assert.Equal((true, false, false), Permissions(readInfo, fixture.Platform.RootAccessKey));
        using (var got = await root.GetObjectAsync("garage-local", "k"))
            Assert.Equal("x", await new StreamReader(got.ResponseStream).ReadToEndAsync());
        Assert.Equal("AccessDenied", (await Assert.ThrowsAsync<AmazonS3Exception>(() =>
            root.PutObjectAsync(new PutObjectRequest { BucketName = "garage-local", Key = "by-root", ContentBody = "y" }))).ErrorCode);
        var (allowedWrite, writeInfo) = await fixture.SendAsync(HttpMethod.Post, "/v0/bucket/allow",
            new { bucketId = id, accessKeyId = fixture.Platform.RootAccessKey, permissions = new { write = true } });
        Assert.Equal(HttpStatusCode.OK, allowedWrite);
        Assert.Equal((true, true, false), Permissions(writeInfo, fixture.Platform.RootAccessKey));
        var (_, rootKeyInfo) = await fixture.SendAsync(HttpMethod.Get, $"/v0/key?id={fixture.Platform.RootAccessKey}");
        var granted = rootKeyInfo.GetProperty("buckets").EnumerateArray().Single(b => b.GetProperty("id").GetString() == id).GetProperty("permissions");
        Assert.Equal((true, true, false), (granted.GetProperty("read").GetBoolean(), granted.GetProperty("write").GetBoolean(), granted.GetProperty("owner").GetBoolean()));
        await root.PutObjectAsync(new PutObjectRequest { BucketName = "garage-local", Key = "by-root", ContentBody = "y" });
        // Deny read: writes still pass, reads no longer; the grants are readable as the bucket's policy.
        var (deniedRead, deniedInfo) = await fixture.SendAsync(HttpMethod.Post, "/v0/bucket/deny",
            new { bucketId = id, accessKeyId = fixture.Platform.RootAccessKey, permissions = new { read = true, write = false, owner = false } });
        Assert.Equal(HttpStatusCode.OK, deniedRead);
        Assert.Equal((false, true, false), Permissions(deniedInfo, fixture.Platform.RootAccessKey));
        Assert.Equal("AccessDenied", (await Assert.ThrowsAsync<AmazonS3Exception>(() => root.GetObjectAsync("garage-local", "k"))).ErrorCode);
        using (var owner = S3ClientFactory.For(fixture.Platform.S3Url, keyId, key.GetProperty("secretAccessKey").GetString()!))
        {
            var policy = (await owner.GetBucketPolicyAsync("garage-local")).Policy;
            Assert.Contains("GarageWrite" + fixture.Platform.RootAccessKey, policy);
            Assert.DoesNotContain("GarageRead" + fixture.Platform.RootAccessKey, policy);
        }
        await fixture.SendAsync(HttpMethod.Post, "/v0/bucket/deny",
            new { bucketId = id, accessKeyId = fixture.Platform.RootAccessKey, permissions = new { write = true } });
        Assert.Equal("AccessDenied", (await Assert.ThrowsAsync<AmazonS3Exception>(() =>
            root.PutObjectAsync(new PutObjectRequest { BucketName = "garage-local", Key = "by-root-2", ContentBody = "y" }))).ErrorCode);
        Assert.DoesNotContain(fixture.Platform.RootAccessKey, (await fixture.SendAsync(HttpMethod.Get, $"/v0/bucket?id={id}")).Body.GetProperty("keys").ToString());

        var (moved, info) = await fixture.SendAsync(HttpMethod.Post, "/v0/bucket/allow",
            new { bucketId = id, accessKeyId = fixture.Platform.RootAccessKey, permissions = new { read = true, write = true, owner = true } });
        Assert.Equal(HttpStatusCode.OK, moved);
        Assert.Contains(info.GetProperty("keys").EnumerateArray(), k => k.GetProperty("accessKeyId").GetString() == fixture.Platform.RootAccessKey);
        using var read = await root.GetObjectAsync("garage-local", "k");
        Assert.Equal("x", await new StreamReader(read.ResponseStream).ReadToEndAsync());
        var (denied, _) = await fixture.SendAsync(HttpMethod.Post, "/v0/bucket/deny",
            new { bucketId = id, accessKeyId = fixture.Platform.RootAccessKey, permissions = new { read = false, write = false, owner = true } });
        Assert.Equal(HttpStatusCode.BadRequest, denied);
    }

    /// <summary>The read, write and owner flags GetBucketInfo shows for the key.</summary>
    private static (bool Read, bool Write, bool Owner) Permissions(JsonElement info, string accessKeyId)
    {
        var permissions = info.GetProperty("keys").EnumerateArray().Single(k => k.GetProperty("accessKeyId").GetString() == accessKeyId).GetProperty("permissions");
        return (permissions.GetProperty("read").GetBoolean(), permissions.GetProperty("write").GetBoolean(), permissions.GetProperty("owner").GetBoolean());
    }
}
