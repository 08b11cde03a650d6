using Transporter.Core.Migrations;

namespace Transporter.Worker.Control;

/// <summary>
/// What the workers and the lister of one run in this process watch: <see cref="StopStarting"/> fires when the run is
/// paused, aborted, failing or ended (start no new object, list no further), <see cref="Abort"/> when it is aborted or
/// failing (cancel the copies in flight). Fed by <see cref="MigrationControl"/>; a run that becomes active again gets
/// fresh tokens.
/// </summary>
public sealed class RunSignals
{
    private readonly object _lock = new();
    private CancellationTokenSource _stop = new();
    private CancellationTokenSource _abort = new();

    public RunSignals(Guid migrationId, Guid runId)
    {
        MigrationId = migrationId;
        RunId = runId;
    }

    public Guid MigrationId { get; }
    public Guid RunId { get; }

    /// <summary>The state last seen; null before the first poll.</summary>
    public MigrationState? State { get; private set; }

    public CancellationToken StopStarting { get { lock (_lock) return _stop.Token; } }

    public CancellationToken Abort { get { lock (_lock) return _abort.Token; } }

    /// <summary>Applies the state read from the database; null when the run no longer exists.</summary>
    internal void Observe(RunControlState? observed)
    {
        CancellationTokenSource? stop = null, abort = null;
        var state = observed?.State;
        lock (_lock)
        {
            State = state;
            var active = state is { } s && MigrationStateMachine.Active.Contains(s) && observed?.Failing != true;
            if (active)
            {
                if (_stop.IsCancellationRequested) _stop = new CancellationTokenSource();
                if (_abort.IsCancellationRequested) _abort = new CancellationTokenSource();
                return;
            }
            stop = _stop;
            if (state is null or MigrationState.Terminated || observed?.Failing == true) abort = _abort;
        }
        // Cancel outside the lock: callbacks run synchronously and may read the tokens.
        stop.Cancel();
        abort?.Cancel();
    }
}
