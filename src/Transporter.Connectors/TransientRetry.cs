using Polly;
using Polly.Retry;

namespace Transporter.Connectors;

/// <summary>
/// The one retry policy of all providers: exponential backoff with jitter for errors the provider calls transient
/// (throttling, 5xx, timeouts, connection failures). Each provider passes its own predicate.
/// </summary>
public static class TransientRetry
{
    public static ResiliencePipeline Create(Func<Exception, bool> isTransient, int maxAttempts = 5, TimeSpan? baseDelay = null) =>
        new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException && isTransient(e)),
                MaxRetryAttempts = maxAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = baseDelay ?? TimeSpan.FromMilliseconds(200),
                MaxDelay = TimeSpan.FromSeconds(10),
            })
            .Build();
}
