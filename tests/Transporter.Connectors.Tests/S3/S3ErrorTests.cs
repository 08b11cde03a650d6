using Transporter.Core.Storage;

namespace Transporter.Connectors.Tests.S3;

[Collection(S3StoreCollection.Name)]
public sealed class S3ErrorTests(S3StoreFixture store)
{
    [Fact]
    public async Task A_missing_bucket_is_BucketNotFound()
    {
        await using var objects = store.Provider.Open(store.Endpoint("no-such-bucket-" + Guid.NewGuid().ToString("N")[..8]));

        var listing = await Assert.ThrowsAsync<ObjectStoreException>(() => objects.ListAsync("", null, CancellationToken.None).ToListAsync().AsTask());
        var read = await Assert.ThrowsAsync<ObjectStoreException>(() => objects.OpenReadAsync("key", null, CancellationToken.None));

        Assert.Equal(ObjectStoreErrorKind.BucketNotFound, listing.Kind);
        Assert.Equal("NoSuchBucket", listing.ProviderCode);
        Assert.Equal(ObjectStoreErrorKind.BucketNotFound, read.Kind);
    }

    [Fact]
    public async Task A_wrong_secret_is_InvalidCredentials_with_the_providers_code_in_Details()
    {
        var bucket = await store.CreateBucketAsync();
        await using var objects = store.Provider.Open(store.Endpoint(bucket, secretKey: "not-the-secret-0000000000000000000000000"));

        var error = await Assert.ThrowsAsync<ObjectStoreException>(() => objects.ListAsync("", null, CancellationToken.None).ToListAsync().AsTask());

        Assert.Equal(ObjectStoreErrorKind.InvalidCredentials, error.Kind);
        Assert.Equal("SignatureDoesNotMatch", error.ProviderCode);
        Assert.StartsWith("SignatureDoesNotMatch: ", error.Details);
    }

    [Fact]
    public async Task An_unknown_access_key_is_InvalidCredentials()
    {
        var bucket = await store.CreateBucketAsync();
        var endpoint = store.Endpoint(bucket) with { AccessKey = "UNKNOWNACCESSKEY0001" };
        await using var objects = store.Provider.Open(endpoint);

        var error = await Assert.ThrowsAsync<ObjectStoreException>(() => objects.ListAsync("", null, CancellationToken.None).ToListAsync().AsTask());

        Assert.Equal(ObjectStoreErrorKind.InvalidCredentials, error.Kind);
        Assert.Equal("InvalidAccessKeyId", error.ProviderCode);
    }
}
