using Transporter.Connectors.Azure;
using Transporter.Connectors.Tests.Contract;
using Transporter.Core.Endpoints;
using Transporter.Core.Storage;

namespace Transporter.Connectors.Tests.Azure;

/// <summary>The contract suite against a real Azurite blob service.</summary>
[Collection("Azurite")]
public sealed class AzureObjectStoreContractTests(AzuriteFixture azurite) : ObjectStoreContractTests
{
    protected override IObjectStoreProvider CreateProvider(int listPageSize) =>
        new AzureStoreProvider(new AzureProviderOptions { ListPageSize = listPageSize, MaxRetries = 1, RetryDelay = TimeSpan.FromMilliseconds(20) });

    protected override Task<EndpointConfig> CreateBucketAsync(string name) => azurite.CreateContainerAsync(name);

    protected override EndpointConfig WithWrongCredentials(EndpointConfig endpoint) =>
        endpoint with { SecretKey = Convert.ToBase64String(new byte[64]) };

    protected override (string Subtype, string StorageClass)? StorageClassSample => ("azure-s3-cool", "Cool");

    protected override bool KeepsDotSegmentKeys => false;
}
