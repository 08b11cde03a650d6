namespace Transporter.Core.RequestRates;

/// <summary>The allowed request rates of a process that alone copies (the embedded platform), kept in memory: this
/// process is the only sender.</summary>
public sealed class InProcessRequestRateStore(TimeProvider time) : IRequestRateStore
{
    private readonly Dictionary<string, State> _rates = [];

    public Task<RequestRateShare> DecreaseAsync(string endpoint, double observedRate, CancellationToken ct)
    {
        lock (_rates)
        {
            var state = StateOf(endpoint);
            var now = time.GetUtcNow();
            if (now - state.DecreasedAt >= RequestRatePolicy.DecreaseInterval)
            {
                state.Rate = RequestRatePolicy.Decreased(state.Rate, observedRate);
                state.DecreasedAt = state.IncreasedAt = now;
            }
            return Task.FromResult(new RequestRateShare(state.Rate, 1));
        }
    }

    public Task<RequestRateShare> IncreaseAsync(string endpoint, CancellationToken ct)
    {
        lock (_rates)
        {
            var state = StateOf(endpoint);
            var now = time.GetUtcNow();
            if (state.Rate > 0 && now - state.DecreasedAt >= RequestRatePolicy.ReleaseAfter) state.Rate = 0;
            else if (state.Rate > 0 && now - state.IncreasedAt >= RequestRatePolicy.IncreaseInterval)
            {
                state.Rate = RequestRatePolicy.Increased(state.Rate);
                state.IncreasedAt = now;
            }
            return Task.FromResult(new RequestRateShare(state.Rate, 1));
        }
    }

    public Task<RequestRateShare> GetAsync(string endpoint, CancellationToken ct)
    {
        lock (_rates) return Task.FromResult(new RequestRateShare(StateOf(endpoint).Rate, 1));
    }

    private State StateOf(string endpoint)
    {
        if (!_rates.TryGetValue(endpoint, out var state)) _rates[endpoint] = state = new State();
        return state;
    }

    private sealed class State
    {
        public double Rate;
        public DateTimeOffset DecreasedAt = DateTimeOffset.MinValue;
        public DateTimeOffset IncreasedAt = DateTimeOffset.MinValue;
    }
}
