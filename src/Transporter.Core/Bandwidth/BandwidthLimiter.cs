namespace Transporter.Core.Bandwidth;

/// <summary>
/// Token bucket in one process: starts empty, refills at <see cref="BytesPerSecond"/>, holds at most
/// <see cref="BurstWindow"/> worth of tokens (so idle time buys only a small burst and the rate over any long window
/// stays at the limit: at most 0.25 s of extra budget, under 1% over 30 s),
/// and serves waiters first come, first served. The head waiter is served as soon as the bucket is not in debt and
/// takes all its bytes, possibly borrowing from the future; the next waits until the debt is paid. So requests of
/// any size complete, the long-run rate is exact, and a late timer or a slow consumer loses nothing until the
/// bucket is full again (a whole burst window of slack).
/// Time comes from a <see cref="TimeProvider"/>, so tests drive it with a fake clock.
/// </summary>
public sealed class BandwidthLimiter : IBandwidthLimiter, IDisposable
{
    /// <summary>How much budget an idle bucket can save up: the burst allowed after a pause. It is also how long
    /// consumers may stall (CPU starvation, a late timer) before budget is lost.</summary>
    public static readonly TimeSpan BurstWindow = TimeSpan.FromMilliseconds(250);

    private readonly object _lock = new();
    private readonly TimeProvider _time;
    private readonly LinkedList<Waiter> _queue = new();
    private readonly ITimer _timer;
    private long _rate;
    private double _tokens;
    private long _lastRefill;
    private bool _disposed;

    /// <param name="bytesPerSecond">Initial limit; 0 = unlimited.</param>
    /// <param name="time">The clock; <see cref="TimeProvider.System"/> when null.</param>
    public BandwidthLimiter(long bytesPerSecond, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytesPerSecond);
        _time = time ?? TimeProvider.System;
        _timer = _time.CreateTimer(_ => OnTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _rate = bytesPerSecond;
        _tokens = 0;
        _lastRefill = _time.GetTimestamp();
    }

    public long BytesPerSecond => Interlocked.Read(ref _rate);

    /// <summary>Number of callers waiting for budget right now.</summary>
    public int QueueLength
    {
        get { lock (_lock) return _queue.Count; }
    }

    private double Capacity => Math.Max(1, _rate * BurstWindow.TotalSeconds);

    public void SetRate(long bytesPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytesPerSecond);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var now = _time.GetTimestamp();
            if (_rate > 0) Refill(now);
            var wasUnlimited = _rate == 0;
            Interlocked.Exchange(ref _rate, bytesPerSecond);
            if (wasUnlimited) _tokens = 0;
            _tokens = Math.Min(_tokens, Capacity);
            _lastRefill = now;
            Serve();
        }
    }

    public ValueTask WaitAsync(int bytes, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        if (ct.IsCancellationRequested) return ValueTask.FromCanceled(ct);
        if (bytes == 0) return ValueTask.CompletedTask;
        Waiter waiter;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_rate == 0) return ValueTask.CompletedTask;
            Refill(_time.GetTimestamp());
            if (_queue.Count == 0 && CanServe())
            {
                _tokens -= bytes;
                return ValueTask.CompletedTask;
            }
            waiter = new Waiter(bytes);
            waiter.Node = _queue.AddLast(waiter);
            if (_queue.Count == 1) Serve();
        }
        if (ct.CanBeCanceled)
        {
            waiter.Registration = ct.Register(() => Cancel(waiter, ct));
            if (waiter.Completion.Task.IsCompleted) waiter.Registration.Unregister(); // served before registering
        }
        return new ValueTask(waiter.Completion.Task);
    }

    // The small tolerance absorbs floating-point rounding of the refill arithmetic.
    private bool CanServe() => _tokens >= -1e-6;

    private void Refill(long now)
    {
        var elapsed = _time.GetElapsedTime(_lastRefill, now).TotalSeconds;
        _lastRefill = now;
        if (elapsed > 0) _tokens = Math.Min(Capacity, _tokens + elapsed * _rate);
    }

    /// <summary>Under the lock: completes every waiter the budget covers, in order, then arms the timer for the
    /// moment the next one will be covered.</summary>
    private void Serve()
    {
        while (_queue.First is { } head)
        {
            var waiter = head.Value;
            if (_rate != 0)
            {
                if (!CanServe()) break;
                _tokens -= waiter.Bytes;
            }
            _queue.RemoveFirst();
            waiter.Node = null;
            waiter.Registration.Unregister(); // Dispose would wait for a running Cancel, which needs this lock
            waiter.Completion.TrySetResult();
        }

        if (_queue.Count == 0 || _rate == 0)
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }
        var ticks = (long)Math.Ceiling(-_tokens / _rate * TimeSpan.TicksPerSecond); // until the debt is paid
        _timer.Change(TimeSpan.FromTicks(Math.Max(1, ticks)), Timeout.InfiniteTimeSpan);
    }

    private void OnTimer()
    {
        lock (_lock)
        {
            if (_disposed) return;
            Refill(_time.GetTimestamp());
            Serve();
        }
    }

    private void Cancel(Waiter waiter, CancellationToken ct)
    {
        lock (_lock)
        {
            if (waiter.Node is null) return; // already served
            var wasHead = _queue.First == waiter.Node;
            _queue.Remove(waiter.Node);
            waiter.Node = null;
            if (wasHead && !_disposed)
            {
                Refill(_time.GetTimestamp());
                Serve();
            }
        }
        waiter.Completion.TrySetCanceled(ct);
    }

    /// <summary>Fails queued waiters with <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        List<Waiter> pending;
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            _timer.Dispose();
            pending = [.. _queue];
            _queue.Clear();
        }
        foreach (var waiter in pending)
        {
            waiter.Node = null;
            waiter.Registration.Unregister(); // Dispose would wait for a running Cancel, which needs this lock
            waiter.Completion.TrySetException(new ObjectDisposedException(nameof(BandwidthLimiter)));
        }
    }

    private sealed class Waiter(int bytes)
    {
        public int Bytes { get; } = bytes;
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public LinkedListNode<Waiter>? Node { get; set; }
        public CancellationTokenRegistration Registration { get; set; }
    }
}
