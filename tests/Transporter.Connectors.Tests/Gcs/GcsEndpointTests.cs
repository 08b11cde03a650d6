using Transporter.Connectors.Gcs;

namespace Transporter.Connectors.Tests.Gcs;

public sealed class GcsEndpointTests
{
    [Theory]
    [InlineData(null, "https://storage.googleapis.com")]
    [InlineData("https://storage.googleapis.com/storage/v1/", "https://storage.googleapis.com")]
    [InlineData("https://storage.googleapis.com/storage/v1", "https://storage.googleapis.com")]
    [InlineData("https://storage.googleapis.com", "https://storage.googleapis.com")]
    [InlineData("http://127.0.0.1:4443/", "http://127.0.0.1:4443")]
    [InlineData("https://proxy.example.com/gcs/storage/v1/", "https://proxy.example.com/gcs")]
    public void The_root_is_the_endpoint_without_storage_v1(string? endpoint, string root)
    {
        Assert.Equal(root, GcsEndpoint.RootOf(endpoint is null ? null : new Uri(endpoint)));
    }
}
