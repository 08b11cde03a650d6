using Amazon.S3;
using Amazon.S3.Model;
using Transporter.Testing;

namespace Transporter.Store.Tests.Admin;

/// <summary>ostor-users and ostor-buckets (spec/s3-users-api.txt) on the S3 endpoint of a running platform, through
/// curl's SigV4 signing: only the administrator (the first root's root user) may call them.</summary>
public class OstorUsersTests(GarageAdminPlatform fixture) : IClassFixture<GarageAdminPlatform>
{
    private Task<SignedCurl.Answer> AsAdminAsync(string method, string query) =>
        SignedCurl.SendAsync(method, $"{fixture.Platform.S3Url}/?{query}", fixture.Platform.RootAccessKey, fixture.Platform.RootSecretKey);

    [Fact]
    public async Task Users_are_created_listed_queried_disabled_enabled_given_and_revoked_keys_and_deleted_once_bucketless()
    {
        var created = await AsAdminAsync("PUT", "ostor-users&emailAddress=client@example.com");
        Assert.Equal(200, created.Status);
        var user = created.Json;
        Assert.Equal("client@example.com", user.GetProperty("UserEmail").GetString());
        var userId = user.GetProperty("UserId").GetString()!;
        var firstKey = Assert.Single(user.GetProperty("AWSAccessKeys").EnumerateArray());
        var keyId = firstKey.GetProperty("AWSAccessKeyId").GetString()!;
        var secret = firstKey.GetProperty("AWSSecretAccessKey").GetString()!;
        Assert.Equal(409, (await AsAdminAsync("PUT", "ostor-users&emailAddress=client@example.com")).Status);

        var list = (await AsAdminAsync("GET", "ostor-users")).Json;
        var listed = Assert.Single(list.EnumerateArray(), u => u.GetProperty("UserEmail").GetString() == "client@example.com");
        Assert.Equal((userId, "enabled", "0000000000000000"),
            (listed.GetProperty("UserId").GetString(), listed.GetProperty("State").GetString(), listed.GetProperty("OwnerId").GetString()));
        Assert.DoesNotContain(secret, list.GetRawText());

        // The new user's key works on the store at once; its bucket shows in ostor-buckets.
        using (var s3 = S3ClientFactory.For(fixture.Platform.S3Url, keyId, secret))
        {
            await s3.PutBucketAsync("ostor-client-data");
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = "ostor-client-data", Key = "k", ContentBody = "12345" });
        }
        var buckets = (await AsAdminAsync("GET", "ostor-buckets&emailAddress=client@example.com")).Json.GetProperty("Buckets");
        var bucket = Assert.Single(buckets.EnumerateArray());
        Assert.Equal(("ostor-client-data", userId, 5L, 0),
            (bucket.GetProperty("name").GetString(), bucket.GetProperty("owner_id").GetString(),
             bucket.GetProperty("size").GetProperty("current").GetInt64(), bucket.GetProperty("epoch").GetInt32()));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", bucket.GetProperty("creation_date").GetString());
        var all = (await AsAdminAsync("GET", "ostor-buckets")).Json.GetProperty("Buckets");
        Assert.Contains(all.EnumerateArray(), b => b.GetProperty("name").GetString() == "ostor-client-data");

        // A second key; the query shows both with their secrets.
        var generated = (await AsAdminAsync("POST", "ostor-users&emailAddress=client@example.com&genKey")).Json;
        var secondKey = Assert.Single(generated.GetProperty("AWSAccessKeys").EnumerateArray()).GetProperty("AWSAccessKeyId").GetString()!;
        var queried = (await AsAdminAsync("GET", "ostor-users&emailAddress=client@example.com")).Json;
        Assert.Equal("enabled", queried.GetProperty("State").GetString());
        Assert.Equal(0, queried.GetProperty("Flags").GetArrayLength());
        Assert.Equal(new[] { keyId, secondKey }.Order(), queried.GetProperty("AWSAccessKeys").EnumerateArray().Select(k => k.GetProperty("AWSAccessKeyId").GetString()).Order());

        // Disabled: its keys sign nothing; enabled again: they do.
        Assert.Equal(200, (await AsAdminAsync("POST", "ostor-users&emailAddress=client@example.com&disable")).Status);
        Assert.Equal("disabled", (await AsAdminAsync("GET", "ostor-users&emailAddress=client@example.com")).Json.GetProperty("State").GetString());
        using (var s3 = S3ClientFactory.For(fixture.Platform.S3Url, keyId, secret))
        {
            var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "ostor-client-data" }));
            Assert.Equal("InvalidAccessKeyId", refused.ErrorCode);
            Assert.Equal(200, (await AsAdminAsync("POST", "ostor-users&emailAddress=client@example.com&enable")).Status);
            Assert.Equal(1, (await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "ostor-client-data" })).KeyCount);
        }

        Assert.Equal(200, (await AsAdminAsync("POST", $"ostor-users&emailAddress=client@example.com&revokeKey={secondKey}")).Status);
        Assert.Single((await AsAdminAsync("GET", "ostor-users&emailAddress=client@example.com")).Json.GetProperty("AWSAccessKeys").EnumerateArray());

        // A user who owns buckets cannot be deleted; once they are gone, it can.
        var refusedDelete = await AsAdminAsync("DELETE", "ostor-users&emailAddress=client@example.com");
        Assert.Equal(409, refusedDelete.Status);
        Assert.Contains("<Code>UserHasBuckets</Code>", refusedDelete.Body);
        using (var s3 = S3ClientFactory.For(fixture.Platform.S3Url, keyId, secret))
        {
            await s3.DeleteObjectAsync("ostor-client-data", "k");
            await s3.DeleteBucketAsync("ostor-client-data");
        }
        Assert.Equal(204, (await AsAdminAsync("DELETE", "ostor-users&emailAddress=client@example.com")).Status);
        Assert.Equal(404, (await AsAdminAsync("GET", "ostor-users&emailAddress=client@example.com")).Status);
        using (var gone = S3ClientFactory.For(fixture.Platform.S3Url, keyId, secret))
            Assert.Equal("InvalidAccessKeyId", (await Assert.ThrowsAsync<AmazonS3Exception>(() => gone.ListBucketsAsync())).ErrorCode);
    }

    [Fact]
    public async Task Only_the_administrator_may_call_the_ostor_services()
    {
        var created = (await AsAdminAsync("PUT", "ostor-users&emailAddress=other@example.com")).Json;
        var key = Assert.Single(created.GetProperty("AWSAccessKeys").EnumerateArray());
        var (id, secret) = (key.GetProperty("AWSAccessKeyId").GetString()!, key.GetProperty("AWSSecretAccessKey").GetString()!);
        foreach (var (method, query) in new[] { ("GET", "ostor-users"), ("PUT", "ostor-users&emailAddress=x@example.com"), ("GET", "ostor-buckets") })
        {
            var refused = await SignedCurl.SendAsync(method, $"{fixture.Platform.S3Url}/?{query}", id, secret);
            Assert.Equal(403, refused.Status);
            Assert.Contains("<Code>AccessDenied</Code>", refused.Body);
        }
        var anonymous = await CommandLine.RunAsync("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", $"{fixture.Platform.S3Url}/?ostor-users"]);
        Assert.Equal("403", anonymous.StdOut.Trim());
        Assert.Equal(404, (await AsAdminAsync("GET", "ostor-users&emailAddress=x@example.com")).Status);
        Assert.Equal(400, (await AsAdminAsync("POST", "ostor-users&emailAddress=other@example.com&explode")).Status);
    }
}
