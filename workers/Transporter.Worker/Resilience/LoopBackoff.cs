using Microsoft.Extensions.Logging;

namespace Transporter.Worker.Resilience;

/// <summary>
/// What a background loop does when an iteration fails (the database or the broker away): it keeps going, waits
/// longer after each failure in a row (0.5 s doubling up to 10 s), logs the first failure with its exception, then a
/// one-line reminder every tenth, and says when the loop works again. So an outage neither kills the loop nor floods
/// the log.
/// </summary>
public sealed class LoopBackoff(ILogger logger, string loop)
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(10);

    private int _failures;

    /// <summary>Failures in a row so far.</summary>
    public int Failures => _failures;

    /// <summary>Records a failed iteration; returns how long to wait before the next.</summary>
    public TimeSpan Failed(Exception e)
    {
        _failures++;
        if (_failures == 1) logger.LogWarning(e, "{Loop} failed; trying again with backoff", loop);
        else if (_failures % 10 == 0)
            logger.LogWarning("{Loop} still failing after {Failures} attempts: {Error}", loop, _failures, InfrastructureRetry.Describe(e));
        var delay = TimeSpan.FromMilliseconds(500 * Math.Pow(2, Math.Min(_failures - 1, 5)));
        return delay < MaxDelay ? delay : MaxDelay;
    }

    /// <summary>Records a successful iteration.</summary>
    public void Succeeded()
    {
        if (_failures == 0) return;
        logger.LogInformation("{Loop} works again after {Failures} failed attempts", loop, _failures);
        _failures = 0;
    }
}
