using Transporter.Testing.Persistence;
using Transporter.Worker.RequestRates;

namespace Transporter.Worker.Tests.RequestRates;

/// <summary>
/// The request rates workers share through the platform database, with the same SQL on SQLite and PostgreSQL and the
/// database server's clock: two stores over one database stand for two workers. A halving counts once per interval
/// whoever reports it, the increase waits an interval, and an endpoint nobody throttled stays unlimited.
/// </summary>
public abstract class SharedRequestRateStoreTests : IAsyncLifetime
{
    private RepositoryTestContext _ctx = null!;

    protected abstract Task<RepositoryTestContext> CreateContextAsync();

    public async Task InitializeAsync() => _ctx = await CreateContextAsync();

    public async Task DisposeAsync() => await _ctx.DisposeAsync();

    [Fact]
    public async Task Workers_halve_an_endpoint_once_per_interval_and_raise_it_slowly()
    {
        var first = new SharedRequestRateStore(_ctx.Database);
        var second = new SharedRequestRateStore(_ctx.Database);
        const string endpoint = "http://127.0.0.1:9000";

        Assert.Equal(0, (await first.GetAsync(endpoint, CancellationToken.None)).Rate);
        Assert.Equal(0, (await first.IncreaseAsync(endpoint, CancellationToken.None)).Rate);

        // The first throttled answer halves what the worker observed; the other worker's report in the same interval
        // finds it halved already.
        Assert.Equal(50, (await first.DecreaseAsync(endpoint, 100, CancellationToken.None)).Rate);
        Assert.Equal(50, (await second.DecreaseAsync(endpoint, 300, CancellationToken.None)).Rate);
        Assert.Equal(50, (await second.IncreaseAsync(endpoint, CancellationToken.None)).Rate);
        Assert.Equal(0, (await second.GetAsync("http://other:9000", CancellationToken.None)).Rate);

        await WaitUntilAsync(async () => (await second.IncreaseAsync(endpoint, CancellationToken.None)).Rate > 50);
        Assert.Equal(52.5, (await first.GetAsync(endpoint, CancellationToken.None)).Rate, 3);

        await WaitUntilAsync(async () => (await first.DecreaseAsync(endpoint, 100, CancellationToken.None)).Rate < 50);
        Assert.Equal(26.25, (await second.GetAsync(endpoint, CancellationToken.None)).Rate, 3);
    }

    [Fact]
    public async Task Each_worker_learns_how_many_send_to_an_endpoint_and_so_its_share_of_the_rate()
    {
        var first = new SharedRequestRateStore(_ctx.Database);
        var second = new SharedRequestRateStore(_ctx.Database);
        const string endpoint = "http://127.0.0.1:9000";

        var alone = await first.DecreaseAsync(endpoint, 200, CancellationToken.None);
        Assert.Equal((100, 1), (alone.Rate, alone.Senders));
        Assert.Equal(100, alone.PerSender);

        var both = await second.IncreaseAsync(endpoint, CancellationToken.None);
        Assert.Equal(2, both.Senders);
        Assert.Equal(both.Rate / 2, both.PerSender);
        Assert.Equal(2, (await first.GetAsync(endpoint, CancellationToken.None)).Senders);
        // Sending to another endpoint is no share of this one; a worker reporting again is still one sender.
        Assert.Equal(1, (await second.GetAsync("http://other:9000", CancellationToken.None)).Senders);
        Assert.Equal(2, (await second.GetAsync(endpoint, CancellationToken.None)).Senders);
    }

    /// <summary>Intervals are the database server's: poll until its clock has moved past one.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the interval did not pass within 10 s");
            await Task.Delay(100);
        }
    }
}

public sealed class SharedRequestRateStoreSqliteTests : SharedRequestRateStoreTests
{
    protected override Task<RepositoryTestContext> CreateContextAsync() => Task.FromResult(RepositoryTestContext.Sqlite());
}

public sealed class SharedRequestRateStorePostgresTests : SharedRequestRateStoreTests
{
    protected override Task<RepositoryTestContext> CreateContextAsync() => RepositoryTestContext.PostgresAsync();
}
