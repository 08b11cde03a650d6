namespace Transporter.Worker.Control;

/// <summary>A worker's or lister's interest in one run's <see cref="RunSignals"/>; dispose when done with the run.</summary>
public sealed class RunTracking(RunSignals signals, Action release) : IDisposable
{
    private int _released;

    public RunSignals Signals { get; } = signals;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0) release();
    }
}
