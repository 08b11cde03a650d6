using Transporter.Connectors.S3;
using Transporter.Core.Endpoints;
using Transporter.Core.Storage;

namespace Transporter.Connectors.Tests.S3;

public sealed class S3EndpointTests
{
    private static EndpointConfig Config(string type = "s3v4", string? endpoint = "https://s3.example.com", string? region = null) => new()
    {
        Type = type, AccessKey = "AKID", SecretKey = "top-secret", Bucket = "b", Endpoint = endpoint, Region = region,
    };

    [Fact]
    public void A_bare_host_means_https_and_the_region_defaults_to_us_east_1()
    {
        var endpoint = S3Endpoint.From(Config(endpoint: "objects.example.com"));

        Assert.Equal(new Uri("https://objects.example.com/"), endpoint.ServiceUrl);
        Assert.Equal("us-east-1", endpoint.Region);
        Assert.True(endpoint.IsHttps);
    }

    [Fact]
    public void The_region_comes_from_the_config_and_a_path_in_the_URL_is_dropped()
    {
        var endpoint = S3Endpoint.From(Config(endpoint: "http://127.0.0.1:9000/some/path/", region: "eu-central-1"));

        Assert.Equal(new Uri("http://127.0.0.1:9000/"), endpoint.ServiceUrl);
        Assert.Equal("eu-central-1", endpoint.Region);
        Assert.False(endpoint.IsHttps);
    }

    [Fact]
    public void Dialects_follow_the_type_and_host()
    {
        Assert.True(S3Endpoint.From(Config("s3v2")).SignsV2);
        Assert.True(S3Endpoint.From(Config("gcp", "https://storage.googleapis.com")).IsGcs);
        Assert.True(S3Endpoint.From(Config("aws", "https://s3.eu-central-1.amazonaws.com")).IsAws);
        Assert.False(S3Endpoint.From(Config("lyve")).IsAws);
    }

    [Fact]
    public void The_secret_never_appears_in_the_endpoints_text()
    {
        Assert.DoesNotContain("top-secret", S3Endpoint.From(Config()).ToString());
    }

    [Fact]
    public void Non_S3_types_and_missing_fields_are_rejected_as_invalid_requests()
    {
        using var provider = new S3StoreProvider();

        Assert.Equal(ObjectStoreErrorKind.InvalidRequest, Assert.Throws<ObjectStoreException>(() => provider.Open(Config("azure"))).Kind);
        Assert.Equal(ObjectStoreErrorKind.InvalidRequest, Assert.Throws<ObjectStoreException>(() => provider.Open(Config() with { Bucket = "" })).Kind);
        Assert.Equal(ObjectStoreErrorKind.InvalidRequest, Assert.Throws<ObjectStoreException>(() => provider.Open(Config(endpoint: null))).Kind);
        Assert.Equal(ObjectStoreErrorKind.InvalidRequest, Assert.Throws<ObjectStoreException>(() => provider.Open(Config() with { SecretKey = null })).Kind);
    }

    [Fact]
    public async Task The_factory_routes_every_S3_family_type_to_the_provider_and_stores_share_one_client_per_endpoint()
    {
        using var provider = new S3StoreProvider();
        var factory = new ObjectStoreFactory([provider]);

        foreach (var type in new[] { "lyve", "aws", "s3v4", "s3v2", "gcp" })
            Assert.IsType<S3ObjectStore>(factory.Open(Config(type)));
        await using var first = (S3ObjectStore)provider.Open(Config() with { Bucket = "one" });
        await using var second = (S3ObjectStore)provider.Open(Config() with { Bucket = "two" });
        await using var other = (S3ObjectStore)provider.Open(Config() with { SecretKey = "different" });

        Assert.Same(first.Client, second.Client);
        Assert.NotSame(first.Client, other.Client);
        Assert.False(((S3ObjectStore)factory.Open(Config("gcp"))).Capabilities.Tags);
        Assert.True(first.Capabilities.Tags);
    }
}
