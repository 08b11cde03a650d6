using System.Security.Cryptography;
using Amazon.S3.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Transporter.Connectors;
using Transporter.Core.Configuration;
using Transporter.Core.Endpoints;
using Transporter.Core.Migrations;
using Transporter.Core.Plans;
using Transporter.Core.Plans.Persistence;
using Transporter.Core.Security;
using Transporter.Testing;
using Transporter.Testing.Persistence;
using Transporter.Worker.Endpoints;
using Transporter.Worker.Hosting;
using Transporter.Worker.Plans;

namespace Transporter.Worker.Tests.Plans;

/// <summary>The plan scanner against a real store (the built-in S3 server in its own process) and a real SQLite
/// database: a scan taken over from a dead scanner continues after its checkpoint, and a sync plan counts only what a
/// sync would copy.</summary>
public sealed class PlanScannerTests : IAsyncLifetime
{
    private PlatformProcess _store = null!;
    private Amazon.S3.AmazonS3Client _s3 = null!;
    private RepositoryTestContext _ctx = null!;
    private PlanRepository _plans = null!;
    private PlanScanRepository _scans = null!;
    private PlanScanner _scanner = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _store = await PlatformProcess.StartAsync(roles: "store");
        _s3 = S3ClientFactory.For(_store);
        _ctx = RepositoryTestContext.Sqlite();
        var tables = new PlanDatabase(_ctx.Database, _ctx.Clock);
        _plans = new PlanRepository(tables, new SecretProtector(RandomNumberGenerator.GetBytes(32)));
        _scans = new PlanScanRepository(tables);
        _services = new ServiceCollection().AddLogging().AddObjectStores().BuildServiceProvider();
        _scanner = new PlanScanner(_plans, _scans, new EndpointOpener(_ctx.Migrations, _services.GetRequiredService<ObjectStoreFactory>()),
            new WorkerIdentity(), Options.Create(new TransporterOptions()), NullLogger<PlanScanner>.Instance, _ctx.Clock);
    }

    public async Task DisposeAsync()
    {
        _s3.Dispose();
        await _services.DisposeAsync();
        await _ctx.DisposeAsync();
        await _store.DisposeAsync();
    }

    private EndpointConfig Endpoint(string bucket) => new()
    {
        Type = EndpointType.S3V4, AccessKey = _store.RootAccessKey, SecretKey = _store.RootSecretKey, Bucket = bucket, Endpoint = _store.S3Url,
        Region = "us-east-1",
    };

    private async Task<string> BucketAsync(string hint, IEnumerable<(string Key, int Size)> objects)
    {
        var name = $"{hint}-{Guid.NewGuid().ToString("N")[..10]}";
        await _s3.PutBucketAsync(new PutBucketRequest { BucketName = name });
        await Parallel.ForEachAsync(objects, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (o, ct) =>
            await _s3.PutObjectAsync(new PutObjectRequest { BucketName = name, Key = o.Key, ContentBody = new string('x', o.Size), UseChunkEncoding = false }, ct));
        return name;
    }

    private async Task<Plan> CreatePlanAsync(string source, string destination, bool sync = false)
    {
        var plan = new Plan
        {
            Id = Guid.NewGuid(), Root = "acme", UserName = "root", Sync = sync, SyncMode = SyncMode.Simple, SkipVerify = true,
            Source = Endpoint(source).WithoutSecrets(), Destination = Endpoint(destination).WithoutSecrets(),
        };
        await _plans.CreateAsync(plan, new EndpointPair(Endpoint(source), Endpoint(destination)));
        return plan;
    }

    [Fact]
    public async Task A_scan_taken_over_from_a_dead_scanner_continues_after_its_checkpoint()
    {
        var objects = Enumerable.Range(0, 200).Select(i => ($"k{i:D4}", i % 3 == 0 ? 5 : 50)).ToList();
        var plan = await CreatePlanAsync(await BucketAsync("scan-src", objects), await BucketAsync("scan-dst", []));
        // A scanner counted up to k0099, checkpointed, and died. Its checkpoint says all 100 were above 10 GB: a scan
        // that recounted them could not keep those counts.
        Assert.True(await _scans.TryClaimScanAsync(plan.Id, "dead-scanner", _ctx.Clock.GetUtcNow().AddSeconds(30)));
        Assert.True(await _scans.TryAdvanceAsync(plan.Id, "dead-scanner", PlanStatus.Running));
        var bins = new long[12];
        bins[11] = 100;
        Assert.True(await _scans.CheckpointAsync(plan.Id, "dead-scanner", new PlanTally("k0099", 100, 7, bins)));
        _ctx.Clock.Advance(TimeSpan.FromSeconds(31));

        await _scanner.ScanAsync(plan.Id, CancellationToken.None);

        var ended = (await _plans.GetAsync(plan.Id))!;
        var rest = objects.Skip(100).ToList();
        Assert.Equal(PlanStatus.Ended, ended.Status);
        Assert.Equal(200, ended.Tally.Objects);
        Assert.Equal(7 + rest.Sum(o => (long)o.Item2), ended.Tally.Bytes);
        Assert.Equal([rest.Count(o => o.Item2 == 5), rest.Count(o => o.Item2 == 50), 0, 0, 0, 0, 0, 0, 0, 0, 0, 100], ended.Tally.Bins);
        Assert.Equal("k0199", ended.Tally.LastKey);
    }

    [Fact]
    public async Task A_sync_plan_counts_only_what_the_destination_lacks_or_holds_differently()
    {
        var source = await BucketAsync("sync-src", Enumerable.Range(0, 30).Select(i => ($"k{i:D2}", 20)));
        // The destination already has k00..k09 as they are and k10..k14 with another size.
        var destination = await BucketAsync("sync-dst", Enumerable.Range(0, 15).Select(i => ($"k{i:D2}", i < 10 ? 20 : 200)));
        var plan = await CreatePlanAsync(source, destination, sync: true);

        await _scanner.ScanAsync(plan.Id, CancellationToken.None);

        var ended = (await _plans.GetAsync(plan.Id))!;
        Assert.Equal(PlanStatus.Ended, ended.Status);
        Assert.Equal(20, ended.Tally.Objects);
        Assert.Equal(400, ended.Tally.Bytes);
        Assert.Equal(20, ended.Tally.Bins[1]);
    }

    [Fact]
    public async Task A_plan_whose_source_cannot_be_listed_fails_with_the_providers_error()
    {
        var plan = await CreatePlanAsync($"missing-{Guid.NewGuid():N}", await BucketAsync("dst", []));

        await _scanner.ScanAsync(plan.Id, CancellationToken.None);

        Assert.Equal(PlanStatus.Failed, (await _plans.GetAsync(plan.Id))!.Status);
        Assert.Contains("NoSuchBucket", Assert.Single(await _plans.GetErrorsAsync(plan.Id)));
    }
}
