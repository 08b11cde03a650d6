using Azure.Core;
using Azure.Core.Pipeline;
using Transporter.Core.Storage;

namespace Transporter.Connectors.Azure;

/// <summary>
/// The SDK's own retry (exponential backoff with jitter, the storage service's transient statuses, timeouts and
/// dropped connections), except for a failure our side caused: an upload whose content stream cannot be read again
/// or that ended early (an <see cref="ObjectStoreException"/> anywhere in the failure) is not sent again.
/// </summary>
internal sealed class AzureRetryPolicy(int maxRetries, TimeSpan delay, TimeSpan maxDelay)
    : RetryPolicy(maxRetries, DelayStrategy.CreateExponentialDelayStrategy(delay, maxDelay))
{
    protected override bool ShouldRetry(HttpMessage message, Exception? exception) =>
        !CausedByUs(exception) && base.ShouldRetry(message, exception);

    protected override ValueTask<bool> ShouldRetryAsync(HttpMessage message, Exception? exception) =>
        CausedByUs(exception) ? ValueTask.FromResult(false) : base.ShouldRetryAsync(message, exception);

    private static bool CausedByUs(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is ObjectStoreException) return true;
        return false;
    }
}
