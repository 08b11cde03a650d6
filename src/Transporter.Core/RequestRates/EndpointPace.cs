namespace Transporter.Core.RequestRates;

/// <summary>
/// This process's pacing of one endpoint: the allowed rate and its senders as last read from the
/// <see cref="IRequestRateStore"/>, the next free request slot (requests are spaced 1/share apart, no burst, the share
/// being this process's part of the rate), and the requests started in the last second (the observed rate the first
/// halving starts from).
/// </summary>
internal sealed class EndpointPace
{
    private DateTimeOffset _nextSlot = DateTimeOffset.MinValue;
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private long _windowCount;
    private long _previousWindowCount;

    private RequestRateShare _share = new(0, 1);

    /// <summary>Read and written under the lock: a struct of two fields is not written atomically.</summary>
    public RequestRateShare Share
    {
        get { lock (this) return _share; }
        set { lock (this) _share = value; }
    }

    public double Rate => Share.Rate;

    /// <summary>When this process last told the store of a throttled answer, or asked it for the rate.</summary>
    public DateTimeOffset DecreasedAt { get; set; } = DateTimeOffset.MinValue;

    public DateTimeOffset CheckedAt { get; set; } = DateTimeOffset.MinValue;

    /// <summary>Takes the next request slot; returns how long the request waits for it.</summary>
    public TimeSpan Reserve(DateTimeOffset now)
    {
        lock (this)
        {
            if (now - _windowStart >= TimeSpan.FromSeconds(1))
            {
                _previousWindowCount = now - _windowStart < TimeSpan.FromSeconds(2) ? _windowCount : 0;
                _windowStart = now;
                _windowCount = 0;
            }
            _windowCount++;
            var rate = _share.PerSender;
            if (rate <= 0) return TimeSpan.Zero;
            var slot = _nextSlot > now ? _nextSlot : now;
            _nextSlot = slot + TimeSpan.FromSeconds(1 / rate);
            return slot - now;
        }
    }

    /// <summary>Requests per second started lately (the last whole second, or the current one if busier).</summary>
    public double Observed(DateTimeOffset now)
    {
        lock (this) return Math.Max(_previousWindowCount, _windowCount / Math.Max(0.1, (now - _windowStart).TotalSeconds));
    }
}
