using Amazon.S3.Model;
using Transporter.Connectors.S3;
using Transporter.Connectors.Tests.Contract;
using Transporter.Core.Endpoints;
using Transporter.Core.Storage;

namespace Transporter.Connectors.Tests.S3;

/// <summary>The contract suite against the built-in store over S3 (SigV4, type s3v4): GetObject and small PutObject
/// through the lean data path (<see cref="S3DataPath"/>), everything else through AWSSDK.</summary>
[Collection(S3StoreCollection.Name)]
public class S3ObjectStoreContractTests(S3StoreFixture store) : ObjectStoreContractTests
{
    protected virtual string Type => EndpointType.S3V4;

    protected virtual bool LeanDataPath => true;

    protected override IObjectStoreProvider CreateProvider(int listPageSize) => new S3StoreProvider(options: new S3ProviderOptions
    {
        ListPageSize = listPageSize,
        LeanDataPath = LeanDataPath,
        RetryAttempts = 2,
        RetryBaseDelay = TimeSpan.FromMilliseconds(20),
    });

    protected override async Task<EndpointConfig> CreateBucketAsync(string name)
    {
        await store.Admin.PutBucketAsync(new PutBucketRequest { BucketName = name });
        return store.Endpoint(name, Type);
    }

    protected override EndpointConfig WithWrongCredentials(EndpointConfig endpoint) =>
        endpoint with { SecretKey = "wrong-secret-wrong-secret-wrong-secret00" };
}

/// <summary>
/// The contract suite against the built-in store with SigV2 signing (type s3v2): every request re-signed by
/// <see cref="S3SigV2SigningHandler"/>, streamed bodies sent without their aws-chunked framing.
/// </summary>
[Collection(S3StoreCollection.Name)]
public sealed class S3SigV2ObjectStoreContractTests(S3StoreFixture store) : S3ObjectStoreContractTests(store)
{
    protected override string Type => EndpointType.S3V2;
}

/// <summary>The same suite with every request through AWSSDK (TRANSPORTER_S3_LEAN_DATA_PATH=false): both data paths
/// keep the same contract.</summary>
[Collection(S3StoreCollection.Name)]
public sealed class S3SdkDataPathObjectStoreContractTests(S3StoreFixture store) : S3ObjectStoreContractTests(store)
{
    protected override bool LeanDataPath => false;
}
