using Microsoft.Extensions.Logging;
using Polly;
using Transporter.Core.Storage;

namespace Transporter.Connectors.S3;

/// <summary>
/// One bucket of an S3-family endpoint (lyve, aws, s3v4, s3v2, gcp). Operations live in partial files by family:
/// Read (list, stat, open, tags), Write (put, multipart, delete) and Copy (server-side copy).
/// </summary>
internal sealed partial class S3ObjectStore(S3Client client, string bucket, ILogger logger) : IObjectStore
{
    public string Bucket => bucket;

    public ObjectStoreCapabilities Capabilities => client.Capabilities;

    internal S3Client Client => client;

    /// <summary>
    /// Runs one SDK call under the provider's retry policy and maps what still fails. The call must be replayable;
    /// a call that streams a body surfaces its own error once the body was touched (see <see cref="WriteAsync"/>).
    /// </summary>
    internal async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, string? key, CancellationToken ct, ResiliencePipeline? retry = null)
    {
        try
        {
            return await (retry ?? client.Retry).ExecuteAsync(static async (call, token) => await call(token), call, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var mapped = S3ErrorMapping.ToObjectStoreException(e, bucket, key);
            if (mapped.Kind == ObjectStoreErrorKind.Transient)
                logger.LogWarning("S3 {Endpoint} {Bucket}/{Key}: {Details} (after retries)", client.Endpoint.ServiceUrl, bucket, key, mapped.Details);
            throw mapped;
        }
    }

    /// <summary>
    /// Sends a request whose body is <paramref name="body"/>, once: after the first byte left the source, a retry would
    /// send a different (truncated) body, so any failure is surfaced for the caller to restart from the source. Errors
    /// before that point are left to the retry policy of <see cref="CallAsync{T}"/>.
    /// </summary>
    internal async Task<T> SendBodyOnceAsync<T>(Md5ReadStream body, Func<Task<T>> send, string key)
    {
        try
        {
            return await send();
        }
        catch (Exception e) when (e is not OperationCanceledException && (body.BytesRead > 0 || body.SourceFailure is not null))
        {
            if (body.SourceFailure is not null) throw SourceFailureOf(body, e);
            throw S3ErrorMapping.ToObjectStoreException(e, bucket, key);
        }
    }

    /// <summary>What a write reports when reading its source failed: the source's own error, a source that ended early
    /// (the copy is not what was listed), or a transient read failure.</summary>
    internal static ObjectStoreException SourceFailureOf(Md5ReadStream body, Exception e) => body.SourceFailure switch
    {
        ObjectStoreException source => source,
        EndOfStreamException ended => new ObjectStoreException(ObjectStoreErrorKind.IntegrityMismatch, "IncompleteSource", ended.Message, e),
        { } failure => new ObjectStoreException(ObjectStoreErrorKind.Transient, "SourceReadFailed", $"reading the source failed: {failure.Message}", failure),
        null => throw new InvalidOperationException("the source did not fail"),
    };

    public ValueTask DisposeAsync() => ValueTask.CompletedTask; // the client is shared; the provider disposes it
}
