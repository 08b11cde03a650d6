using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transporter.Core.Configuration;
using Transporter.Core.Diagnostics;
using Transporter.Core.RequestRates;

namespace Transporter.Worker.Batches;

/// <summary>
/// The objects this process copies at once, over all batches and runs, shared fairly: a freed slot goes to the waiting
/// run that holds the fewest, and a run limited to a bandwidth holds at most one slot per <see cref="BytesPerSlot"/> of
/// its limit. How many there are is searched every <see cref="TuneInterval"/> by a <see cref="ConcurrencyTuner"/>, from
/// <see cref="TransporterOptions.CopyConcurrency"/> up to <see cref="TransporterOptions.MaxCopyConcurrency"/>.
/// </summary>
/// <remarks>Without the cap, a slow migration (say 4 KB/s) filled every slot with copies that each take minutes, and any
/// other migration of the process waited for them: its run sat in SourceListCompleted with nothing moving (the stall of
/// the GUI pause/resume test). Copies under one limit share its bytes anyway; more of them only hide latency, which one
/// copy per 64 KiB/s of budget covers.</remarks>
public sealed class CopySlots
{
    private readonly TimeProvider _time;
    private readonly RequestRateRegistry? _rates;
    private readonly ILogger<CopySlots>? _logger;

    /// <param name="metrics">Where the level and the copies in flight are published (transporter_copy_slots,
    /// transporter_copy_in_flight on /metrics); null: not published.</param>
    public CopySlots(IOptions<TransporterOptions> options, TimeProvider time, RequestRateRegistry? rates = null, ILogger<CopySlots>? logger = null,
        TransporterMetrics? metrics = null)
    {
        _time = time;
        _rates = rates;
        _logger = logger;
        _tuner = new ConcurrencyTuner(options.Value.CopyConcurrency, options.Value.MaxCopyConcurrency);
        _capacity = options.Value.CopyConcurrency;
        _intervalStart = time.GetUtcNow();
        metrics?.Meter.CreateObservableGauge("transporter.copy.slots", () => Capacity, "{object}",
            "Objects this process may copy at once: the level the concurrency tuner has reached");
        metrics?.Meter.CreateObservableGauge("transporter.copy.in_flight", () => InFlight, "{object}",
            "Objects this process is copying now");
    }

    /// <summary>Bandwidth that justifies one more concurrent copy of a limited run.</summary>
    public const long BytesPerSlot = 64 * 1024;

    /// <summary>How often a waiter looks again at its run's cap (the limit can change while it waits).</summary>
    private static readonly TimeSpan Recheck = TimeSpan.FromMilliseconds(250);

    public static readonly TimeSpan TuneInterval = TimeSpan.FromSeconds(1);

    private readonly object _lock = new();
    private readonly ConcurrencyTuner _tuner;
    private int _capacity;
    private DateTimeOffset _intervalStart;
    private long _completed;
    private bool _saturated;
    private readonly Dictionary<Guid, int> _held = [];
    private readonly LinkedList<Waiter> _waiters = new();
    private int _used;

    /// <summary>Slots now (the tuner's level).</summary>
    public int Capacity
    {
        get { lock (_lock) return _capacity; }
    }

    /// <summary>Slots taken now: the copies in flight.</summary>
    public int InFlight
    {
        get { lock (_lock) return _used; }
    }

    /// <summary>The most slots a run under <paramref name="bytesPerSecond"/> (0: unlimited) may hold.</summary>
    public int CapFor(long bytesPerSecond) =>
        bytesPerSecond <= 0 ? _capacity : (int)Math.Clamp(bytesPerSecond / BytesPerSlot, 1, _capacity);

    /// <summary>Waits for a slot for <paramref name="runId"/>; <paramref name="bandwidth"/> is read again while waiting.</summary>
    public async Task WaitAsync(Guid runId, Func<long> bandwidth, CancellationToken ct)
    {
        while (true)
        {
            var waiter = new Waiter(runId, CapFor(bandwidth()));
            lock (_lock)
            {
                waiter.Node = _waiters.AddLast(waiter);
                Grant();
                if (waiter.Node is not null) _saturated = true;
            }
            try
            {
                await waiter.Granted.Task.WaitAsync(Recheck, ct).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
                lock (_lock)
                {
                    if (waiter.Node is not null) _waiters.Remove(waiter.Node);
                    else if (waiter.Granted.Task.IsCompletedSuccessfully)
                    {
                        // Granted just as the wait ended: keep it, unless the caller is cancelled.
                        if (!ct.IsCancellationRequested) return;
                        GiveBack(runId);
                    }
                }
                ct.ThrowIfCancellationRequested();
            }
        }
    }

    public void Release(Guid runId)
    {
        lock (_lock) GiveBack(runId);
    }

    /// <summary>Under the lock.</summary>
    private void GiveBack(Guid runId)
    {
        _used--;
        _completed++;
        if (--_held[runId] == 0) _held.Remove(runId);
        Tune();
        Grant();
    }

    /// <summary>Under the lock: at the end of each interval, the tuner sets the capacity from what the interval did.</summary>
    /// <remarks>Only an interval in which copies waited for slots, and still wait at its end, measures the level. One
    /// that spans a pause (no copy ended for over two intervals: between two runs, or while an endpoint hung) or that
    /// ends with no copy waiting (a run draining its last objects) completes fewer objects for reasons the level does
    /// not explain;
    /// taken as a verdict, it took back the last raise, and the next run climbed again from the lower level (the tuner's
    /// log in bench/migration showed 128 -> 80 at 82 objects/s after each latency-bound run).</remarks>
    private void Tune()
    {
        var now = _time.GetUtcNow();
        var elapsed = now - _intervalStart;
        if (elapsed < TuneInterval) return;
        var before = _capacity;
        var throttled = _rates?.AnyLimited == true;
        var measured = _saturated && _waiters.Count > 0 && elapsed <= 2 * TuneInterval;
        _capacity = _tuner.Next(_completed / elapsed.TotalSeconds, measured, throttled);
        if (_capacity != before)
            _logger?.LogInformation("Copies in flight {Before} -> {After} ({Rate:F0} objects/s, throttled: {Throttled})",
                before, _capacity, _completed / elapsed.TotalSeconds, throttled);
        _intervalStart = now;
        _completed = 0;
        _saturated = _used >= _capacity && _waiters.Count > 0;
    }

    /// <summary>Under the lock: hands free slots to the waiters whose runs hold the fewest (first come first among equals).</summary>
    private void Grant()
    {
        while (_used < _capacity)
        {
            Waiter? best = null;
            for (var node = _waiters.First; node is not null; node = node.Next)
            {
                var w = node.Value;
                if (_held.GetValueOrDefault(w.RunId) >= w.Cap) continue;
                if (best is null || _held.GetValueOrDefault(w.RunId) < _held.GetValueOrDefault(best.RunId)) best = w;
            }
            if (best is null) return;
            _waiters.Remove(best.Node!);
            best.Node = null;
            _used++;
            _held[best.RunId] = _held.GetValueOrDefault(best.RunId) + 1;
            best.Granted.TrySetResult();
        }
    }

    private sealed class Waiter(Guid runId, int cap)
    {
        public Guid RunId { get; } = runId;
        public int Cap { get; } = cap;
        public TaskCompletionSource Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public LinkedListNode<Waiter>? Node { get; set; }
    }
}
