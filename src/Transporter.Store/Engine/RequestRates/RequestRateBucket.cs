namespace Transporter.Store.Engine.RequestRates;

/// <summary>
/// One bucket's request-rate limit as a token bucket: <see cref="RequestsPerSecond"/> tokens a second, holding at most
/// one second of them, so a burst after a quiet spell is at most the limit itself.
/// </summary>
internal sealed class RequestRateBucket(int requestsPerSecond, long nowTicks)
{
    private double _tokens = requestsPerSecond;
    private long _refilledAt = nowTicks;

    public int RequestsPerSecond { get; } = requestsPerSecond;

    /// <summary>Takes one request's token; false when none is left (the request is refused).</summary>
    public bool TryTake(long nowTicks)
    {
        lock (this)
        {
            var elapsed = Math.Max(0, nowTicks - _refilledAt) / (double)TimeSpan.TicksPerSecond;
            _tokens = Math.Min(RequestsPerSecond, _tokens + elapsed * RequestsPerSecond);
            _refilledAt = Math.Max(_refilledAt, nowTicks);
            if (_tokens < 1) return false;
            _tokens -= 1;
            return true;
        }
    }
}
