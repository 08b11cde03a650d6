namespace Transporter.Core.RequestRates;

/// <summary>
/// The requests of one piece of work (a copy batch): paced by <see cref="Rates"/>, and counted here (requests, throttled
/// answers, the endpoints met), for the run's <c>/state</c>. The connectors' HTTP pipelines find it as
/// <see cref="Current"/> (it flows with the async calls that <see cref="Enter"/> starts); requests outside a scope (the
/// API testing a connection, a listing) are not paced.
/// </summary>
public sealed class RequestRateScope(RequestRateRegistry rates)
{
    private static readonly AsyncLocal<RequestRateScope?> CurrentScope = new();

    private long _requests;
    private long _throttled;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _endpoints = new(StringComparer.Ordinal);

    public static RequestRateScope? Current => CurrentScope.Value;

    public RequestRateRegistry Rates => rates;

    public long Requests => Interlocked.Read(ref _requests);

    public long Throttled => Interlocked.Read(ref _throttled);

    /// <summary>The allowed rate now of the most limited endpoint this scope sent to, in requests per second; null when
    /// none is limited.</summary>
    public double? CurrentRate
    {
        get
        {
            var limited = _endpoints.Keys.Select(rates.RateOf).Where(r => r > 0).ToList();
            return limited.Count > 0 ? limited.Min() : null;
        }
    }

    /// <summary>Makes this the scope of the calling async flow and what it starts (until the caller returns or disposes).</summary>
    public IDisposable Enter()
    {
        var previous = CurrentScope.Value;
        CurrentScope.Value = this;
        return new Restore(previous);
    }

    /// <summary>One request sent in this scope and its answer: counted, and reported to <see cref="Rates"/>.</summary>
    public async ValueTask AnsweredAsync(string endpoint, bool throttled, CancellationToken ct)
    {
        Interlocked.Increment(ref _requests);
        if (throttled) Interlocked.Increment(ref _throttled);
        _endpoints.TryAdd(endpoint, 0);
        await rates.AnsweredAsync(endpoint, throttled, ct).ConfigureAwait(false);
    }

    private sealed class Restore(RequestRateScope? previous) : IDisposable
    {
        public void Dispose() => CurrentScope.Value = previous;
    }
}
