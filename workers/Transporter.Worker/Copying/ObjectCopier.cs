using Microsoft.Extensions.Logging;
using Transporter.Core.Bandwidth;
using Transporter.Core.Diagnostics;
using Transporter.Core.Endpoints;
using Transporter.Core.Reports;
using Transporter.Core.Storage;

namespace Transporter.Worker.Copying;

/// <summary>
/// Copies one object between two stores (docs/migration-engine.md, "Copying one object"): server-side when the
/// destination can read the source itself, otherwise streamed through this process — in one write up to
/// <see cref="ObjectCopierOptions.MultipartThreshold"/>, in parallel ranged parts above it — with metadata, tags,
/// storage class and encryption applied, MD5 verified end to end, the migration's bandwidth limit taken for every
/// byte read, and one report row per object.
/// </summary>
/// <remarks>
/// <para>Restarts: providers retry their own calls. A copy that fails after bytes left the source (the request
/// cannot be replayed) with a transient error is restarted from the source, at most
/// <see cref="ObjectCopierOptions.MaxAttempts"/> times in all (for a multipart copy, only the failed part is sent
/// again). A throttled answer is waited out instead, for up to <see cref="ObjectCopierOptions.ThrottlePatience"/>
/// (<see cref="ThrottleWait"/>). Other errors fail the object at once.</para>
/// <para>Integrity: a single-part copy hashes the bytes as they stream and compares that MD5 with the source's (a
/// corrupted read) and with what the destination stored; the source's MD5 also goes with the write so the
/// destination refuses bytes that differ. In a multipart copy each part's MD5 is computed by the provider as it sends
/// the part and confirmed by the destination (<see cref="UploadedPart.ContentMd5"/>); on S3-family destinations the
/// composite "md5-of-md5s-N" ETag is then checked against those part MD5s. The source's whole-object MD5 cannot be
/// computed from parts read in parallel, so it is not compared there. Any mismatch fails the object with
/// IntegrityMismatch in the destination's error field and removes the unverified copy.</para>
/// <para>deleteAfterUpload: the source object is deleted only after its copy was verified. When that delete fails,
/// the object WAS copied: the row keeps every field of the successful copy (bytes, ETags, flags) and carries the
/// failure in sourceDeleteErr. Such a row counts as failed (it has an error field, so it appears in the error
/// reports and a retry copies the object again and deletes it then), while the metrics count it both as copied and
/// as a failure. The source is never deleted when the copy was written onto itself (server-side, same bucket).</para>
/// </remarks>
public sealed partial class ObjectCopier(ObjectCopierOptions options, ILogger<ObjectCopier> logger, TimeProvider time, TransporterMetrics metrics)
    : IObjectCopier
{
    public async Task<ObjectReport> CopyAsync(CopyContext context, ObjectSummary item, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(item);
        ct.ThrowIfCancellationRequested();
        var startTime = time.GetUtcNow();
        var transfer = new ObjectTransfer(context, item);
        var failure = await CopyWithRestartsAsync(transfer, ct);

        var deleteError = "";
        if (failure is null && context.DeleteAfterUpload && !CopiesOntoItself(context))
        {
            try
            {
                await context.Source.DeleteAsync(item.Key, ct);
            }
            catch (Exception e) when (!IsCancellation(e, ct))
            {
                deleteError = CopyErrors.Text(CopyErrors.ToStoreError(e));
                logger.LogWarning("Deleting the source {Bucket}/{Key} after its copy failed: {Error}", context.Source.Bucket, item.Key, deleteError);
            }
        }

        var report = Report(transfer, startTime, failure, deleteError);
        if (failure is null)
        {
            metrics.ObjectsCopied.Add(1);
            metrics.BytesCopied.Add(report.BytesCopied - (report.BytesReused ?? 0));
        }
        if (!report.Succeeded) metrics.CopyFailures.Add(1);
        return report;
    }

    /// <summary>Null when the object was copied and verified; otherwise the failure of the last attempt.</summary>
    private async Task<CopyFailure?> CopyWithRestartsAsync(ObjectTransfer transfer, CancellationToken ct)
    {
        var throttling = new ThrottleWait(time, options.ThrottlePatience);
        for (var attempt = 1; ; attempt++)
        {
            transfer.BeginAttempt();
            try
            {
                await CopyOnceAsync(transfer, ct);
                return null;
            }
            catch (CopyFailure failure)
            {
                // A step that failed because the copy was cancelled is not the object's failure.
                ct.ThrowIfCancellationRequested();
                if (throttling.Allows(failure.Error))
                {
                    logger.LogDebug("Copy of {Bucket}/{Key} was throttled ({Side}: {Error}); sending it again at the endpoint's pace",
                        transfer.Context.Source.Bucket, transfer.Item.Key, failure.Side, failure.Error.Details);
                    attempt--;
                    await Task.Delay(ThrottleWait.Pause(), time, ct);
                    continue;
                }
                if (!failure.CanRestart || attempt >= options.MaxAttempts)
                {
                    logger.LogWarning("Copy of {Bucket}/{Key} failed ({Side}, attempt {Attempt}): {Error}",
                        transfer.Context.Source.Bucket, transfer.Item.Key, failure.Side, attempt, failure.Error.Details);
                    return failure;
                }
                logger.LogInformation("Copy of {Bucket}/{Key} failed mid-stream ({Side}: {Error}); restarting from the source",
                    transfer.Context.Source.Bucket, transfer.Item.Key, failure.Side, failure.Error.Details);
                await Task.Delay(RestartDelay(attempt), time, ct);
            }
        }
    }

    private Task CopyOnceAsync(ObjectTransfer transfer, CancellationToken ct)
    {
        var destination = transfer.Context.Destination;
        if (destination.Capabilities.ServerSideCopy && destination.CanCopyFrom(transfer.Context.Source))
            return CopyServerSideAsync(transfer, ct);
        // After a restart the size read last time is newer than the listing's.
        var size = transfer.Metadata?.Size ?? transfer.Item.Size;
        if (UsesMultipart(size, destination)) return CopyMultipartAsync(transfer, size, ct);
        return destination.Capabilities.ResumableWrites && transfer.Context.Uploads is { } uploads
            ? CopyThroughSessionAsync(transfer, uploads, ct)
            : CopySinglePartAsync(transfer, ct);
    }

    private bool UsesMultipart(long size, IObjectStore destination) =>
        destination.Capabilities.MultipartUpload && (size > options.MultipartThreshold || size > destination.Capabilities.MaxSinglePutSize);

    /// <summary>Reads the source's tags when it has (or may have) any: S3 and Azure report the count with the object,
    /// so the extra request is made only when it is not zero.</summary>
    private static async Task ReadTagsAsync(ObjectTransfer transfer, CancellationToken ct)
    {
        var source = transfer.Context.Source;
        var count = transfer.Metadata!.TagCount;
        if (count == 0 || (count is null && !source.Capabilities.Tags))
        {
            transfer.Tags = null;
            return;
        }
        try
        {
            transfer.Tags = await source.GetTagsAsync(transfer.Metadata.Key, ct);
        }
        catch (Exception e) when (!IsCancellation(e, ct))
        {
            throw CopyFailure.FromSource(e);
        }
    }

    private static void PrepareRequest(ObjectTransfer transfer)
    {
        var context = transfer.Context;
        transfer.SourceMd5 = WriteRequestMapping.SourceMd5(transfer.Metadata!, context.SourceEndpoint);
        transfer.Request = WriteRequestMapping.For(transfer.Metadata!, transfer.Tags, context.DestinationEndpoint, transfer.SourceMd5);
    }

    private static Stream Throttled(Stream content, CopyContext context) =>
        context.Bandwidth is { } limiter ? new ThrottledStream(content, limiter, leaveOpen: true) : content;

    /// <summary>Removes a written object that failed verification, so no unverified bytes stay at the destination.</summary>
    private async Task RemoveUnverifiedAsync(IObjectStore destination, string key)
    {
        try
        {
            await destination.DeleteAsync(key, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning("Removing the unverified copy {Bucket}/{Key} failed: {Error}", destination.Bucket, key, CopyErrors.ToStoreError(e).Details);
        }
    }

    private static bool CopiesOntoItself(CopyContext context) =>
        context.Destination.CanCopyFrom(context.Source) && context.Destination.Bucket == context.Source.Bucket;

    private static bool IsCancellation(Exception e, CancellationToken ct) => e is OperationCanceledException && ct.IsCancellationRequested;

    private TimeSpan RestartDelay(int attempt)
    {
        var delay = options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
        return TimeSpan.FromMilliseconds(delay * (0.5 + Random.Shared.NextDouble()));
    }

    private ObjectReport Report(ObjectTransfer transfer, DateTimeOffset startTime, CopyFailure? failure, string deleteError)
    {
        var context = transfer.Context;
        var copied = failure is null ? transfer.Result : null;
        var request = transfer.Request;
        var errorText = failure is null ? "" : CopyErrors.Text(failure.Error);
        var lyve = context.DestinationEndpoint.Type == EndpointType.Lyve;
        return new ObjectReport
        {
            SourceBucket = context.Source.Bucket,
            DestinationBucket = context.Destination.Bucket,
            ObjectKey = transfer.Item.Key,
            StartTime = startTime.ToUniversalTime(),
            FinishTime = time.GetUtcNow().ToUniversalTime(),
            ConnectionDuration = Math.Round(transfer.ConnectionSeconds, 3),
            CopyDuration = Math.Round(transfer.CopySeconds, 3),
            BytesCopied = copied is null ? 0 : transfer.BytesCopied,
            SourceETag = transfer.Metadata?.ETag ?? "",
            DestinationETag = copied?.ETag ?? "",
            TagsCopied = copied is not null && transfer.Tags is { Count: > 0 },
            SystemMetadataCopied = copied is not null && request is not null && WriteRequestMapping.HasSystemMetadata(request),
            UserMetadataCopied = copied is not null && request is { UserMetadata.Count: > 0 },
            SseEnabled = copied?.ServerSideEncrypted ?? false,
            SourceReadingErr = failure?.Side == CopySide.Source ? errorText : "",
            DestinationWritingErr = failure?.Side == CopySide.Destination && !lyve ? errorText : "",
            LyveWritingErr = failure?.Side == CopySide.Destination && lyve ? errorText : "",
            SourceDeleteErr = deleteError,
            FailureKind = failure?.Error.Kind,
            SourceChecksum = copied is null ? null : transfer.Integrity?.SourceChecksum,
            DestinationChecksum = copied is null ? null : transfer.Integrity?.DestinationChecksum,
            ChecksumAlgorithm = copied is null ? null : transfer.Integrity?.Algorithm,
            Verified = copied is null ? null : transfer.Integrity?.Verified ?? false,
            BytesReused = copied is not null && transfer.BytesReused > 0 ? transfer.BytesReused : null,
        };
    }
}
