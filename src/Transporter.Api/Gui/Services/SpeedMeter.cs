namespace Transporter.Api.Gui.Services;

/// <summary>
/// Transfer speed of runs as a page watches them: the byte counters read at each refresh, turned into bytes per
/// second over the last few seconds. One per page (it remembers only what that page saw).
/// </summary>
public sealed class SpeedMeter(TimeSpan window)
{
    private readonly Dictionary<Guid, Queue<(DateTimeOffset At, long Bytes)>> _samples = [];

    public void Observe(Guid runId, DateTimeOffset at, long bytes)
    {
        if (!_samples.TryGetValue(runId, out var queue)) _samples[runId] = queue = new Queue<(DateTimeOffset, long)>();
        queue.Enqueue((at, bytes));
        while (queue.Count > 2 && at - queue.Peek().At > window) queue.Dequeue();
    }

    /// <summary>Bytes per second between the oldest and newest sample of the window; null before two samples.</summary>
    public double? BytesPerSecond(Guid runId)
    {
        if (!_samples.TryGetValue(runId, out var queue) || queue.Count < 2) return null;
        var (firstAt, firstBytes) = queue.Peek();
        var (lastAt, lastBytes) = queue.Last();
        var seconds = (lastAt - firstAt).TotalSeconds;
        return seconds <= 0 ? null : Math.Max(0, lastBytes - firstBytes) / seconds;
    }
}
