using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Transporter.Testing;

namespace Transporter.Store.Tests.Admin;

/// <summary>
/// Garage's local aliases through the admin API and real S3 requests (AWS SDK): an alias names a bucket for the key
/// that signs and for no other, comes before a global bucket of the same name, shows in the admin listings, and an
/// alias of a bucket deleted since (even one created again under the same name) answers NoSuchBucket.
/// </summary>
public sealed class GarageLocalAliasTests(GarageAdminPlatform fixture) : IClassFixture<GarageAdminPlatform>
{
    [Fact]
    public async Task A_local_alias_names_a_bucket_for_its_key_only_and_before_a_global_name()
    {
        var (_, key) = await fixture.SendAsync(HttpMethod.Post, "/v0/key", new { name = "alias-user" });
        var keyId = key.GetProperty("accessKeyId").GetString()!;
        using var aliasKey = S3ClientFactory.For(fixture.Platform.S3Url, keyId, key.GetProperty("secretAccessKey").GetString()!);
        using var root = S3ClientFactory.For(fixture.Platform);
        var (_, bucket) = await fixture.SendAsync(HttpMethod.Post, "/v0/bucket", new { globalAlias = "alias-target" });
        var id = bucket.GetProperty("id").GetString()!;
        await root.PutObjectAsync(new PutObjectRequest { BucketName = "alias-target", Key = "in-target", ContentBody = "t" });
        // Each Garage key is a root of its own: the bucket's policy lets it read and write (an alias gives no access).
        await AllowAsync(id, keyId, write: true);

        // Bad requests change nothing.
        Assert.Equal(HttpStatusCode.BadRequest, (await fixture.SendAsync(HttpMethod.Put, $"/v0/bucket/alias/local?id={id}&accessKeyId={keyId}")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await fixture.SendAsync(HttpMethod.Put, $"/v0/bucket/alias/local?id={id}&accessKeyId={keyId}&alias=Bad_Name")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Put, $"/v0/bucket/alias/local?id={id}&accessKeyId=GKnosuchkey&alias=k-photos")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Put, $"/v0/bucket/alias/local?id={new string('0', 64)}&accessKeyId={keyId}&alias=k-photos")).Status);

        var (added, info) = await fixture.SendAsync(HttpMethod.Put, $"/v0/bucket/alias/local?id={id}&accessKeyId={keyId}&alias=k-photos");
        Assert.Equal(HttpStatusCode.OK, added);
        var entry = info.GetProperty("keys").EnumerateArray().Single(k => k.GetProperty("accessKeyId").GetString() == keyId);
        Assert.Equal(["k-photos"], entry.GetProperty("bucketLocalAliases").EnumerateArray().Select(a => a.GetString()));
        // Adding it again is a no-op; the same name for another bucket is a conflict.
        Assert.Equal(HttpStatusCode.OK, (await fixture.SendAsync(HttpMethod.Put, $"/v0/bucket/alias/local?id={id}&accessKeyId={keyId}&alias=k-photos")).Status);
        var (_, other) = await fixture.SendAsync(HttpMethod.Post, "/v0/bucket", new { globalAlias = "alias-other" });
        var otherId = other.GetProperty("id").GetString()!;
        var (conflict, error) = await fixture.SendAsync(HttpMethod.Put, $"/v0/bucket/alias/local?id={otherId}&accessKeyId={keyId}&alias=k-photos");
        Assert.Equal((HttpStatusCode.Conflict, "BucketAlreadyExists"), (conflict, error.GetProperty("error").GetString()));

        // The key reaches the bucket by its alias; the root's key does not know the name.
        var listed = await aliasKey.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "k-photos" });
        Assert.Equal(["in-target"], listed.S3Objects.Select(o => o.Key));
        await aliasKey.PutObjectAsync(new PutObjectRequest { BucketName = "k-photos", Key = "via-alias", ContentBody = "a" });
        Assert.Equal(2, (await root.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "alias-target" })).KeyCount);
        Assert.Equal("NoSuchBucket", (await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => root.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "k-photos" }))).ErrorCode);

        // The admin listings show it.
        var (_, keyInfo) = await fixture.SendAsync(HttpMethod.Get, $"/v0/key?id={keyId}");
        var aliased = keyInfo.GetProperty("buckets").EnumerateArray().Single(b => b.GetProperty("id").GetString() == id);
        Assert.Equal(["k-photos"], aliased.GetProperty("localAliases").EnumerateArray().Select(a => a.GetString()));
        var (_, all) = await fixture.SendAsync(HttpMethod.Get, "/v0/bucket");
        var local = Assert.Single(all.EnumerateArray().Single(b => b.GetProperty("id").GetString() == id).GetProperty("localAliases").EnumerateArray());
        Assert.Equal((keyId, "k-photos"), (local.GetProperty("accessKeyId").GetString(), local.GetProperty("alias").GetString()));

        // A global bucket of the same name: the key's alias still comes first; once the alias is removed, the name is global.
        await root.PutBucketAsync("k-photos");
        await root.PutObjectAsync(new PutObjectRequest { BucketName = "k-photos", Key = "in-global", ContentBody = "g" });
        await AllowAsync((await fixture.SendAsync(HttpMethod.Get, "/v0/bucket?globalAlias=k-photos")).Body.GetProperty("id").GetString()!, keyId, write: false);
        Assert.Contains("in-target", (await aliasKey.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "k-photos" })).S3Objects.Select(o => o.Key));
        Assert.Equal(HttpStatusCode.OK, (await fixture.SendAsync(HttpMethod.Delete, $"/v0/bucket/alias/local?id={id}&accessKeyId={keyId}&alias=k-photos")).Status);
        Assert.Equal(["in-global"], (await aliasKey.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "k-photos" })).S3Objects.Select(o => o.Key));
        Assert.Equal(HttpStatusCode.BadRequest, (await fixture.SendAsync(HttpMethod.Delete, $"/v0/bucket/alias/local?id={id}&accessKeyId={keyId}&alias=k-photos")).Status);
    }

    [Fact]
    public async Task An_alias_of_a_bucket_deleted_since_answers_NoSuchBucket_even_when_the_name_is_taken_again()
    {
        var (_, key) = await fixture.SendAsync(HttpMethod.Post, "/v0/key", new { name = "alias-user-2" });
        var keyId = key.GetProperty("accessKeyId").GetString()!;
        using var aliasKey = S3ClientFactory.For(fixture.Platform.S3Url, keyId, key.GetProperty("secretAccessKey").GetString()!);
        using var root = S3ClientFactory.For(fixture.Platform);
        var (_, bucket) = await fixture.SendAsync(HttpMethod.Post, "/v0/bucket", new { globalAlias = "alias-gone" });
        var id = bucket.GetProperty("id").GetString()!;
        await AllowAsync(id, keyId, write: false);
        Assert.Equal(HttpStatusCode.OK, (await fixture.SendAsync(HttpMethod.Put, $"/v0/bucket/alias/local?id={id}&accessKeyId={keyId}&alias=k-gone")).Status);
        Assert.Equal(0, (await aliasKey.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "k-gone" })).KeyCount);

        // Deleted through S3 (not the admin API, which would drop the alias), then created again under its name.
        await root.DeleteBucketAsync("alias-gone");
        await root.PutBucketAsync("alias-gone");
        Assert.Equal("NoSuchBucket", (await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => aliasKey.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "k-gone" }))).ErrorCode);

        // Deleting the key through the admin API drops its aliases.
        var newId = (await fixture.SendAsync(HttpMethod.Get, "/v0/bucket?globalAlias=alias-gone")).Body.GetProperty("id").GetString()!;
        var (_, aliasedAgain) = await fixture.SendAsync(HttpMethod.Put, $"/v0/bucket/alias/local?id={newId}&accessKeyId={keyId}&alias=k-new");
        Assert.Contains(keyId, aliasedAgain.GetProperty("keys").ToString());
        Assert.Equal(HttpStatusCode.OK, (await fixture.SendAsync(HttpMethod.Delete, $"/v0/key?id={keyId}")).Status);
        Assert.DoesNotContain(keyId, (await fixture.SendAsync(HttpMethod.Get, $"/v0/bucket?id={newId}")).Body.ToString());
        Assert.DoesNotContain(keyId, (await fixture.SendAsync(HttpMethod.Get, "/v0/bucket")).Body.ToString());
    }

    private async Task AllowAsync(string bucketId, string keyId, bool write)
    {
        var (status, _) = await fixture.SendAsync(HttpMethod.Post, "/v0/bucket/allow",
            new { bucketId, accessKeyId = keyId, permissions = new { read = true, write, owner = false } });
        Assert.Equal(HttpStatusCode.OK, status);
    }
}
