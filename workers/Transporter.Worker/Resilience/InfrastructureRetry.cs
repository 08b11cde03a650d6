using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Transporter.Worker.Resilience;

/// <summary>
/// Retry pipelines for the platform's calls to its database and broker, sized to ride out a server restart or a
/// network outage of a minute or two: exponential backoff with jitter from 0.5 s up to 10 s between attempts, about
/// three minutes in all, each retry logged as a warning. Callers whose work is safe to repeat use them; background
/// loops that cannot give up add their own backoff around them.
/// </summary>
public static class InfrastructureRetry
{
    /// <summary>Attempts of a pipeline: 0.5 + 1 + 2 + 4 + 8 s, then 10 s each, about 165 s of waiting in all.</summary>
    public const int MaxAttempts = 20;

    /// <summary>Retries <see cref="InfrastructureFaults.IsTransient"/> database faults.</summary>
    /// <param name="stopRetrying">Checked before each retry (e.g. the process is stopping): true ends the retries. A
    /// cancellation token would not do where the first attempt must run even when it is already cancelled.</param>
    public static ResiliencePipeline Database(ILogger logger, string operation, CancellationToken stopRetrying = default) =>
        new ResiliencePipelineBuilder()
            .AddRetry(Options(logger, operation, e => InfrastructureFaults.IsTransient(e) && !stopRetrying.IsCancellationRequested))
            .Build();

    /// <summary>Retries any failure of a publish (publishing twice is harmless here) and gives each attempt
    /// <paramref name="attemptTimeout"/>, since a publish may wait for a broker connection that is not coming back soon.</summary>
    public static ResiliencePipeline Broker(ILogger logger, string operation, TimeSpan attemptTimeout, int maxAttempts = MaxAttempts) =>
        new ResiliencePipelineBuilder()
            .AddRetry(Options(logger, operation, e => e is not OperationCanceledException, maxAttempts))
            .AddTimeout(attemptTimeout)
            .Build();

    private static RetryStrategyOptions Options(ILogger logger, string operation, Func<Exception, bool> retry, int maxAttempts = MaxAttempts) => new()
    {
        ShouldHandle = new PredicateBuilder().Handle<Exception>(retry),
        MaxRetryAttempts = maxAttempts - 1,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = TimeSpan.FromMilliseconds(500),
        MaxDelay = TimeSpan.FromSeconds(10),
        OnRetry = args =>
        {
            logger.LogWarning("{Operation} failed ({Error}); attempt {Attempt} of {MaxAttempts} in {Delay:0.0} s", operation,
                Describe(args.Outcome.Exception), args.AttemptNumber + 2, maxAttempts, args.RetryDelay.TotalSeconds);
            return ValueTask.CompletedTask;
        },
    };

    /// <summary>The exception's type and message, and its innermost cause's: enough to tell an outage in one log line.</summary>
    public static string Describe(Exception? e)
    {
        if (e is null) return "no exception";
        var inner = e;
        while (inner.InnerException is not null) inner = inner.InnerException;
        return inner == e ? $"{e.GetType().Name}: {e.Message}" : $"{e.GetType().Name}: {e.Message} <- {inner.GetType().Name}: {inner.Message}";
    }
}
