using System.Collections.Concurrent;

namespace Transporter.Core.RequestRates;

/// <summary>
/// Adaptive request rates per endpoint (docs/migration-engine.md, "Request rates"): every request a copy sends waits for
/// its slot at the endpoint's allowed rate (<see cref="WaitTurnAsync"/>), and every answer is reported
/// (<see cref="AnsweredAsync"/>): a throttled one halves the rate, good ones raise it slowly (<see cref="RequestRatePolicy"/>).
/// The rate lives in the <see cref="IRequestRateStore"/>, in this process or shared by every worker; this process reads
/// it again at least once a second per endpoint, so the fleet backs off together, and paces at its share of it (the
/// rate divided among the processes sending to the endpoint), so the fleet together keeps to it.
/// </summary>
public sealed class RequestRateRegistry(IRequestRateStore store, TimeProvider time)
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, EndpointPace> _endpoints = new(StringComparer.Ordinal);

    /// <summary>The endpoint a request goes to: scheme, host and port (virtual-hosted buckets are endpoints of their own).</summary>
    public static string EndpointOf(Uri uri) => uri.GetLeftPart(UriPartial.Authority);

    /// <summary>Waits until the endpoint's rate allows one more request.</summary>
    public async ValueTask WaitTurnAsync(string endpoint, CancellationToken ct)
    {
        var wait = Pace(endpoint).Reserve(time.GetUtcNow());
        if (wait > TimeSpan.Zero) await Task.Delay(wait, time, ct).ConfigureAwait(false);
    }

    /// <summary>Reports an answer of the endpoint; returns its allowed rate now (0: unlimited).</summary>
    public async ValueTask<double> AnsweredAsync(string endpoint, bool throttled, CancellationToken ct)
    {
        var pace = Pace(endpoint);
        var now = time.GetUtcNow();
        if (throttled && now - pace.DecreasedAt >= RequestRatePolicy.DecreaseInterval)
        {
            // One report per interval per process: the store halves at most once per interval whoever reports.
            pace.DecreasedAt = pace.CheckedAt = now;
            // What all senders started lately, as far as this process can tell: its own requests times the senders.
            var observed = pace.Observed(now) * Math.Max(1, pace.Share.Senders);
            pace.Share = await SharedOrLocalAsync(() => store.DecreaseAsync(endpoint, observed, ct),
                pace.Share with { Rate = RequestRatePolicy.Decreased(pace.Rate, observed) }, ct).ConfigureAwait(false);
        }
        else if (!throttled && now - pace.CheckedAt >= CheckInterval)
        {
            pace.CheckedAt = now;
            pace.Share = await SharedOrLocalAsync(() => store.IncreaseAsync(endpoint, ct), pace.Share, ct).ConfigureAwait(false);
        }
        return pace.Rate;
    }

    /// <summary>
    /// The store's answer, or <paramref name="local"/> when the store cannot answer: the shared rate lives in the
    /// platform database in the distributed mode, and a database away for a while must slow the pacing's sharing, never
    /// fail the request whose answer is being reported (it did: a copy failed with the database's 57P01 during an outage).
    /// </summary>
    private static async Task<RequestRateShare> SharedOrLocalAsync(Func<Task<RequestRateShare>> shared, RequestRateShare local, CancellationToken ct)
    {
        try
        {
            return await shared().ConfigureAwait(false);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            return local;
        }
    }

    /// <summary>The endpoint's allowed rate for all its senders, as this process knows it (0: unlimited).</summary>
    public double RateOf(string endpoint) => _endpoints.TryGetValue(endpoint, out var pace) ? pace.Rate : 0;

    /// <summary>Whether any endpoint this process sends to is held to a limited rate now.</summary>
    public bool AnyLimited => _endpoints.Values.Any(pace => pace.Rate > 0);

    private EndpointPace Pace(string endpoint) => _endpoints.GetOrAdd(endpoint, _ => new EndpointPace());
}
