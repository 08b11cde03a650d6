using Microsoft.Extensions.Logging;
using Transporter.Core.Bandwidth;
using Transporter.Worker.Resilience;

namespace Transporter.Worker.Bandwidth;

/// <summary>
/// The in-process gate of one migration when several processes copy it: transfers queue here first come, first served
/// (as in <see cref="BandwidthLimiter"/>), and the gate is refilled only from the migration's budget shared by all
/// processes (<see cref="BandwidthBudgetStore"/>), a slice of <see cref="SliceDuration"/> of the limit at a time. So
/// the workers together never move more than the limit, whichever of them has the work, and the budget goes to
/// whoever needs it: an idle worker takes nothing.
/// </summary>
/// <remarks>
/// Only a gate with waiters asks the database, about ten times a second across all workers of a migration. While the
/// database is unreachable no budget comes, so the migration's transfers wait (the limit holds); the gate asks again
/// with backoff and carries on when the database answers.
/// </remarks>
public sealed class SharedBandwidthLimiter : IBandwidthLimiter, IDisposable
{
    /// <summary>How much of the limit one request to the shared budget takes: bytes this process may hold unused.</summary>
    public static readonly TimeSpan SliceDuration = TimeSpan.FromMilliseconds(100);

    private static readonly TimeSpan MinRetry = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(1);

    private readonly Guid _migrationId;
    private readonly BandwidthBudgetStore _budget;
    private readonly ILogger _logger;
    private readonly object _lock = new();
    private readonly LinkedList<Waiter> _queue = new();
    private readonly CancellationTokenSource _disposed = new();
    private long _rate;
    private long _tokens;
    private bool _pumping;
    private bool _isDisposed;

    /// <param name="bytesPerSecond">The migration's limit; 0 = unlimited.</param>
    public SharedBandwidthLimiter(Guid migrationId, long bytesPerSecond, BandwidthBudgetStore budget, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytesPerSecond);
        _migrationId = migrationId;
        _rate = bytesPerSecond;
        _budget = budget;
        _logger = logger;
    }

    public long BytesPerSecond => Interlocked.Read(ref _rate);

    /// <summary>Bytes granted to this process and not yet handed out.</summary>
    public long LocalTokens
    {
        get { lock (_lock) return _tokens; }
    }

    public void SetRate(long bytesPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytesPerSecond);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_isDisposed, this);
            Interlocked.Exchange(ref _rate, bytesPerSecond);
            // Unlimited: everyone waiting goes at once. A new limit applies from the next slice.
            if (bytesPerSecond == 0) Serve();
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
            ObjectDisposedException.ThrowIf(_isDisposed, this);
            if (_rate == 0) return ValueTask.CompletedTask;
            if (_queue.Count == 0 && _tokens >= bytes)
            {
                _tokens -= bytes;
                return ValueTask.CompletedTask;
            }
            waiter = new Waiter(bytes);
            waiter.Node = _queue.AddLast(waiter);
            if (!_pumping)
            {
                _pumping = true;
                _ = Task.Run(PumpAsync, CancellationToken.None);
            }
        }
        if (ct.CanBeCanceled)
        {
            waiter.Registration = ct.Register(() => Cancel(waiter, ct));
            if (waiter.Completion.Task.IsCompleted) waiter.Registration.Unregister(); // served before registering
        }
        return new ValueTask(waiter.Completion.Task);
    }

    /// <summary>While transfers wait: takes a slice from the shared budget, hands it out in order, and when the budget
    /// is in debt sleeps until it is paid (plus a little jitter, so the workers of a migration do not ask in lockstep).</summary>
    private async Task PumpAsync()
    {
        var failures = 0;
        while (true)
        {
            long want, rate;
            lock (_lock)
            {
                Serve();
                if (_queue.Count == 0 || _rate == 0 || _isDisposed)
                {
                    _pumping = false;
                    return;
                }
                rate = _rate;
                var slice = Math.Max(1, (long)(rate * SliceDuration.TotalSeconds));
                want = Math.Max(slice, _queue.First!.Value.Bytes - _tokens);
            }

            TimeSpan pause;
            try
            {
                var grant = await _budget.TakeAsync(_migrationId, want, rate, _disposed.Token).ConfigureAwait(false);
                if (failures > 0) _logger.LogInformation("The shared bandwidth budget of migration {MigrationId} answers again", _migrationId);
                failures = 0;
                lock (_lock) _tokens += grant.Bytes;
                if (grant.Bytes > 0) continue;
                pause = TimeSpan.FromTicks(Math.Clamp(grant.RetryAfter.Ticks, MinRetry.Ticks, MaxRetry.Ticks))
                        + TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * 2);
            }
            catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
            {
                lock (_lock) _pumping = false;
                return;
            }
            catch (Exception e)
            {
                failures++;
                if (failures == 1)
                    _logger.LogWarning("Taking from the shared bandwidth budget of migration {MigrationId} failed ({Error}); its transfers wait " +
                        "and it is asked again with backoff", _migrationId, InfrastructureRetry.Describe(e));
                pause = TimeSpan.FromMilliseconds(Math.Min(5_000, 100 * Math.Pow(2, Math.Min(failures, 6))));
            }
            try
            {
                await Task.Delay(pause, _disposed.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                lock (_lock) _pumping = false;
                return;
            }
        }
    }

    /// <summary>Under the lock: completes the waiters the local tokens cover, in order (all of them when unlimited).</summary>
    private void Serve()
    {
        while (_queue.First is { } head)
        {
            var waiter = head.Value;
            if (_rate != 0)
            {
                if (_tokens < waiter.Bytes) break;
                _tokens -= waiter.Bytes;
            }
            _queue.RemoveFirst();
            waiter.Node = null;
            waiter.Registration.Unregister(); // Dispose would wait for a running Cancel, which needs this lock
            waiter.Completion.TrySetResult();
        }
    }

    private void Cancel(Waiter waiter, CancellationToken ct)
    {
        lock (_lock)
        {
            if (waiter.Node is null) return; // already served
            _queue.Remove(waiter.Node);
            waiter.Node = null;
            // The next waiter may be covered by tokens the cancelled head was waiting to top up.
            if (!_isDisposed) Serve();
        }
        waiter.Completion.TrySetCanceled(ct);
    }

    /// <summary>Stops asking for budget and fails queued waiters with <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        List<Waiter> pending;
        lock (_lock)
        {
            if (_isDisposed) return;
            _isDisposed = true;
            pending = [.. _queue];
            _queue.Clear();
        }
        // Outside the lock: the pump's continuation may run on this thread.
        _disposed.Cancel();
        foreach (var waiter in pending)
        {
            waiter.Node = null;
            waiter.Registration.Unregister();
            waiter.Completion.TrySetException(new ObjectDisposedException(nameof(SharedBandwidthLimiter)));
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
