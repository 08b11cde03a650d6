using Transporter.Core.RequestRates;
using Transporter.Testing.Persistence;

namespace Transporter.Core.Tests.RequestRates;

/// <summary>AIMD as one process runs it (the embedded platform: <see cref="InProcessRequestRateStore"/>), on a clock
/// the test moves: the first throttled answer halves the observed rate, a burst of refusals counts once, each second
/// of good answers adds 5 % (at least 1 request/s), and the endpoint is unlimited again after 120 quiet seconds.</summary>
public sealed class RequestRateRegistryTests
{
    private const string Endpoint = "http://127.0.0.1:9000";
    private readonly ManualClock _clock = new();
    private readonly RequestRateRegistry _rates;

    public RequestRateRegistryTests() => _rates = new RequestRateRegistry(new InProcessRequestRateStore(_clock), _clock);

    [Fact]
    public async Task A_throttled_endpoint_is_halved_once_per_second_raised_slowly_and_released_after_quiet()
    {
        // Unlimited: no request waits; 120 requests were started in this second.
        for (var i = 0; i < 120; i++) await _rates.WaitTurnAsync(Endpoint, CancellationToken.None);
        _clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(0, await _rates.AnsweredAsync(Endpoint, throttled: false, CancellationToken.None));

        Assert.Equal(120, await _rates.AnsweredAsync(Endpoint, throttled: true, CancellationToken.None));
        // The rest of the burst counts once.
        Assert.Equal(120, await _rates.AnsweredAsync(Endpoint, throttled: true, CancellationToken.None));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(60, await _rates.AnsweredAsync(Endpoint, throttled: true, CancellationToken.None));

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(63, await _rates.AnsweredAsync(Endpoint, throttled: false, CancellationToken.None));
        Assert.Equal(63, await _rates.AnsweredAsync(Endpoint, throttled: false, CancellationToken.None));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(66.15, await _rates.AnsweredAsync(Endpoint, throttled: false, CancellationToken.None), 3);
        Assert.Equal(66.15, _rates.RateOf(Endpoint), 3);
        Assert.Equal(0, _rates.RateOf("http://elsewhere:9000"));

        _clock.Advance(RequestRatePolicy.ReleaseAfter);
        Assert.Equal(0, await _rates.AnsweredAsync(Endpoint, throttled: false, CancellationToken.None));
    }

    [Fact]
    public async Task A_scope_counts_its_requests_and_throttled_answers_and_names_its_most_limited_endpoint()
    {
        var scope = new RequestRateScope(_rates);
        Assert.Null(RequestRateScope.Current);
        using (scope.Enter())
        {
            Assert.Same(scope, RequestRateScope.Current);
            await Task.Run(async () =>
            {
                // The scope flows into the work the batch starts.
                await RequestRateScope.Current!.AnsweredAsync(Endpoint, throttled: false, CancellationToken.None);
                await RequestRateScope.Current!.AnsweredAsync("http://source:9000", throttled: false, CancellationToken.None);
            });
            Assert.Null(scope.CurrentRate);
            await scope.AnsweredAsync(Endpoint, throttled: true, CancellationToken.None);
        }
        Assert.Null(RequestRateScope.Current);
        Assert.Equal((3L, 1L), (scope.Requests, scope.Throttled));
        Assert.Equal(RequestRatePolicy.Decreased(0, 0), scope.CurrentRate);
    }

    [Fact]
    public async Task A_store_that_cannot_answer_leaves_the_pacing_local_and_the_request_unharmed_FakeFailingStore()
    {
        // The shared store is the platform database in the distributed mode; here a test double that always throws, as
        // PostgreSQL does while it is away (57P01).
        var rates = new RequestRateRegistry(new FailingRequestRateStore(), _clock);
        for (var i = 0; i < 10; i++) await rates.WaitTurnAsync(Endpoint, CancellationToken.None);
        _clock.Advance(TimeSpan.FromMilliseconds(500));

        var limited = await rates.AnsweredAsync(Endpoint, throttled: true, CancellationToken.None);
        Assert.True(limited >= RequestRatePolicy.MinRate, $"not limited locally: {limited}");
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(limited, await rates.AnsweredAsync(Endpoint, throttled: false, CancellationToken.None));
    }

    [Fact]
    public void A_process_paces_at_its_share_of_the_rate_when_others_send_to_the_endpoint_too()
    {
        var now = _clock.GetUtcNow();
        var alone = new EndpointPace { Share = new RequestRateShare(100, 1) };
        var oneOfTwo = new EndpointPace { Share = new RequestRateShare(100, 2) };

        // Requests are spaced 1/share apart: 10 ms alone, 20 ms when another process sends to the endpoint as well.
        var waits = Enumerable.Range(0, 5).Select(_ => (alone.Reserve(now), oneOfTwo.Reserve(now))).ToList();
        Assert.Equal(TimeSpan.FromMilliseconds(40), waits[^1].Item1);
        Assert.Equal(TimeSpan.FromMilliseconds(80), waits[^1].Item2);
    }

    [Fact]
    public async Task The_first_halving_starts_from_what_all_senders_started_FakeStoreOfTwoSenders()
    {
        // A test double for the shared store that names two senders and records the observed rate it is told.
        var store = new TwoSendersStore();
        var rates = new RequestRateRegistry(store, _clock);
        for (var i = 0; i < 40; i++) await rates.WaitTurnAsync(Endpoint, CancellationToken.None);
        _clock.Advance(TimeSpan.FromMilliseconds(500));
        await rates.AnsweredAsync(Endpoint, throttled: false, CancellationToken.None); // learns of the other sender

        // This process started 80 requests/s; with the other sender, the endpoint saw about twice that.
        await rates.AnsweredAsync(Endpoint, throttled: true, CancellationToken.None);
        Assert.Equal(160, store.Observed, 3);
    }

    private sealed class TwoSendersStore : IRequestRateStore
    {
        public double Observed { get; private set; }

        public Task<RequestRateShare> DecreaseAsync(string endpoint, double observedRate, CancellationToken ct)
        {
            Observed = observedRate;
            return Task.FromResult(new RequestRateShare(RequestRatePolicy.Decreased(0, observedRate), 2));
        }

        public Task<RequestRateShare> IncreaseAsync(string endpoint, CancellationToken ct) => Task.FromResult(new RequestRateShare(0, 2));

        public Task<RequestRateShare> GetAsync(string endpoint, CancellationToken ct) => Task.FromResult(new RequestRateShare(0, 2));
    }

    private sealed class FailingRequestRateStore : IRequestRateStore
    {
        public Task<RequestRateShare> DecreaseAsync(string endpoint, double observedRate, CancellationToken ct) => throw new InvalidOperationException("database away");

        public Task<RequestRateShare> IncreaseAsync(string endpoint, CancellationToken ct) => throw new InvalidOperationException("database away");

        public Task<RequestRateShare> GetAsync(string endpoint, CancellationToken ct) => throw new InvalidOperationException("database away");
    }
}
