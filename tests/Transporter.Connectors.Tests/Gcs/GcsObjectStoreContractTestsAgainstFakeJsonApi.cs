using Transporter.Connectors.Gcs;
using Transporter.Connectors.Tests.Contract;
using Transporter.Core.Endpoints;
using Transporter.Core.Storage;
using Transporter.Testing.Gcs;

namespace Transporter.Connectors.Tests.Gcs;

/// <summary>
/// The contract suite against the FAKE GCS JSON API (<see cref="FakeGcsServer"/>): no real GCS can run here.
/// It proves the connector speaks the documented protocol consistently, not that GCS behaves as the fake does.
/// </summary>
public sealed class GcsObjectStoreContractTestsAgainstFakeJsonApi : ObjectStoreContractTests, IClassFixture<FakeGcsFixture>
{
    private readonly FakeGcsFixture _fake;

    public GcsObjectStoreContractTestsAgainstFakeJsonApi(FakeGcsFixture fake) => _fake = fake;

    protected override IObjectStoreProvider CreateProvider(int listPageSize) =>
        new GcsStoreProvider(null, listPageSize, GcsStoreProvider.ChunkGranularity);

    protected override Task<EndpointConfig> CreateBucketAsync(string name)
    {
        _fake.Server.CreateBucket(name);
        return Task.FromResult(_fake.Endpoint(name));
    }

    /// <summary>A key file of the same account signed with another key: the token endpoint refuses it.</summary>
    protected override EndpointConfig WithWrongCredentials(EndpointConfig endpoint)
    {
        using var other = System.Security.Cryptography.RSA.Create(2048);
        return endpoint with { GcsConfig = _fake.Server.KeyFile(other) };
    }

    protected override (string Subtype, string StorageClass)? StorageClassSample => ("gcp-s3-nearline", "NEARLINE");

    /// <summary>GCS has no tags; the connector keeps them as metadata entries and returns them.</summary>
    protected override bool KeepsTags => true;
}

/// <summary>One fake GCS server per test class.</summary>
public sealed class FakeGcsFixture : IAsyncLifetime
{
    public FakeGcsServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await FakeGcsServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public EndpointConfig Endpoint(string bucket, string? endpointSuffix = "/storage/v1/") =>
        Server.EndpointFor(bucket, endpointSuffix ?? "") with { Region = "europe-west1" };
}
