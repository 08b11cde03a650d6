using System.Diagnostics;
using Transporter.Core.Bandwidth;
using static Transporter.Worker.Tests.Copying.CopierTestKit;

namespace Transporter.Worker.Tests.Copying;

/// <summary>
/// The migration's limiter paces the bytes read from the source (real time). The lower bound (-15%) proves the limit
/// holds; the upper one is looser (+30%) because other builds on a shared 2-core machine can starve the test.
/// </summary>
[Collection(TwoAzuritesCollection.Name)]
public sealed class ObjectCopierBandwidthTests(TwoAzuritesFixture azurite) : IAsyncLifetime
{
    /// <summary>JIT, connection and thread-pool warm-up stay out of the measurements (the test host blocks pool threads).</summary>
    public async Task InitializeAsync()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 16), io);
        var (source, sourceEndpoint) = await azurite.NewContainerAsync(azurite.First);
        var (destination, destinationEndpoint) = await azurite.NewContainerAsync(azurite.Second);
        var item = await PutAsync(source, "warm-up", 100_000);
        using var limiter = new BandwidthLimiter(10_000_000);
        await NewCopier().CopyAsync(Context(source, sourceEndpoint, destination, destinationEndpoint, bandwidth: limiter), item, Ct);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Two_megabytes_at_one_megabyte_per_second_take_about_two_seconds()
    {
        var (source, sourceEndpoint) = await azurite.NewContainerAsync(azurite.First);
        var (destination, destinationEndpoint) = await azurite.NewContainerAsync(azurite.Second);
        var item = await PutAsync(source, "paced", 2_000_000);
        using var limiter = new BandwidthLimiter(1_000_000);

        var clock = Stopwatch.StartNew();
        var report = await NewCopier().CopyAsync(Context(source, sourceEndpoint, destination, destinationEndpoint, bandwidth: limiter), item, Ct);
        clock.Stop();

        CopyAssert.Succeeded(report, "paced", 2_000_000);
        Assert.InRange(report.CopyDuration, 1.7, 2.6);
        Assert.InRange(clock.Elapsed.TotalSeconds, 1.7, 2.8);
    }

    [Fact]
    public async Task The_parts_of_one_object_share_the_limit()
    {
        var (source, sourceEndpoint) = await azurite.NewContainerAsync(azurite.First);
        var (destination, destinationEndpoint) = await azurite.NewContainerAsync(azurite.Second);
        var item = await PutAsync(source, "paced-parts", 4_000_000);
        using var limiter = new BandwidthLimiter(2_000_000);

        var report = await NewCopier(o => { o.MultipartThreshold = 1_000_000; o.PartSize = 500_000; })
            .CopyAsync(Context(source, sourceEndpoint, destination, destinationEndpoint, bandwidth: limiter), item, Ct);

        CopyAssert.Succeeded(report, "paced-parts", 4_000_000);
        Assert.InRange(report.CopyDuration, 1.7, 2.6); // 4 parts in flight, still 2 MB/s in all
    }
}
