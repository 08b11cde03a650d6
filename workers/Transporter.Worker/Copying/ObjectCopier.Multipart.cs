using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Transporter.Core.Endpoints;
using Transporter.Core.Migrations;
using Transporter.Core.Storage;

namespace Transporter.Worker.Copying;

public sealed partial class ObjectCopier
{
    private static readonly TimeSpan AbortTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Parallel ranged reads into a multipart upload, at most <see cref="ObjectCopierOptions.PartsInFlight"/> parts at a
    /// time, each streamed (never buffered) and verified by its MD5 (see <see cref="CopyPartOnceAsync"/>). Every part is
    /// read from one version of the source (<see cref="ObjectTransfer.Version"/>). The first part's read also brings the
    /// metadata. When the copy is resumable (<see cref="CopyContext.Uploads"/>), the upload and each part the destination
    /// confirmed are checkpointed as they complete, and a copy that finds a checkpoint of the same source version continues
    /// that upload, sending only the parts it lacks (<see cref="OpenUploadAsync"/>). A failure aborts the upload; a
    /// cancellation (abort, shutdown, a lost batch) leaves a checkpointed upload for whoever copies the object next.
    /// </summary>
    private async Task CopyMultipartAsync(ObjectTransfer transfer, long expectedSize, CancellationToken ct)
    {
        var (source, destination) = (transfer.Context.Source, transfer.Context.Destination);
        var key = transfer.Item.Key;
        var layout = PartLayout.For(expectedSize, options.PartSize, destination.Capabilities);
        var started = Stopwatch.GetTimestamp();
        var pinned = transfer.Version is not null;
        ObjectDownload? firstPart = await OpenPartAsync(source, key, layout.Range(0), transfer.Version, ct);
        try
        {
            transfer.ConnectionSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            transfer.Metadata = firstPart.Metadata;
            transfer.Pin(firstPart.Metadata);
            if (firstPart.Metadata.Size != expectedSize)
            {
                if (pinned) throw CopyFailure.SourceChangedBecause($"{key} is {firstPart.Metadata.Size} bytes, not {expectedSize} as listed");
                // Nothing was listed to read (a retry copies whatever is there now): plan again for the size read, from
                // the version now pinned.
                await firstPart.DisposeAsync();
                firstPart = null;
                await CopyOnceAsync(transfer, ct);
                return;
            }
            await ReadTagsAsync(transfer, ct);
            PrepareRequest(transfer);

            var (upload, reused, checkpoints) = await OpenUploadAsync(transfer, layout, ct);
            await using (upload)
            {
                var copyStarted = Stopwatch.GetTimestamp();
                ObjectWriteResult result;
                var compositeChecked = false;
                try
                {
                    var version = firstPart.Metadata;
                    var handedOver = firstPart; // the part copies dispose it
                    firstPart = null;
                    var parts = await CopyPartsAsync(transfer, upload, layout, version, handedOver, reused, checkpoints, ct);
                    try
                    {
                        result = await upload.CompleteAsync(parts, ct);
                    }
                    catch (Exception e) when (!IsCancellation(e, ct))
                    {
                        throw CopyFailure.FromDestination(e);
                    }
                    (compositeChecked, var problem) = CheckComposite(transfer, parts, result);
                    if (problem is not null)
                    {
                        await RemoveUnverifiedAsync(destination, key);
                        throw new CopyFailure(CopySide.Destination, CopyErrors.Integrity(problem), midStream: false);
                    }
                }
                catch (OperationCanceledException) when (checkpoints is not null && ct.IsCancellationRequested)
                {
                    // Kept, with its checkpoint, for the worker that copies the object next (or aborted once the run ended).
                    throw;
                }
                catch
                {
                    await AbortQuietlyAsync(upload.AbortAsync, destination.Bucket, key);
                    if (checkpoints is not null) await checkpoints.EndAsync(key, upload.UploadId);
                    throw;
                }
                if (checkpoints is not null) await checkpoints.EndAsync(key, upload.UploadId);
                transfer.CopySeconds = Stopwatch.GetElapsedTime(copyStarted).TotalSeconds;
                transfer.Result = result;
                transfer.Integrity = MultipartIntegrity(transfer, compositeChecked, result);
                transfer.BytesCopied = layout.Size;
                transfer.BytesReused = reused.Values.Sum(p => p.Size);
            }
        }
        finally
        {
            if (firstPart is not null) await firstPart.DisposeAsync();
        }
    }

    /// <summary>
    /// The upload to send the parts to, the parts of it already at the destination (by number) that need not be sent
    /// again, and where to checkpoint the new ones (null when the copy is not resumable). A checkpoint is resumed only for
    /// the same source version and part layout, and only the parts it recorded that the destination still holds with the
    /// same size and checksum (S3's part ETag is the MD5 of what it stored; Azure reports only the size of an uncommitted
    /// block, whose MD5 it confirmed when the block was staged). Any other checkpoint's upload is aborted and a new one begun.
    /// </summary>
    private async Task<(IMultipartUpload Upload, IReadOnlyDictionary<int, UploadedPart> Reused, UploadCheckpoints? Checkpoints)> OpenUploadAsync(
        ObjectTransfer transfer, PartLayout layout, CancellationToken ct)
    {
        var destination = transfer.Context.Destination;
        var key = transfer.Item.Key;
        var checkpoints = destination.Capabilities.ResumableUploads ? transfer.Context.Uploads : null;
        var sourceETag = transfer.Metadata!.ETag;
        if (checkpoints is null || sourceETag is null) return (await StartUploadAsync(transfer, ct), NoParts, null);

        if (await checkpoints.FindAsync(key, ct) is { } checkpoint)
        {
            var resumed = await ResumeUploadAsync(destination, transfer.Request!, checkpoint.UploadId, ct);
            if (checkpoint.SourceETag == sourceETag && checkpoint.Size == layout.Size && checkpoint.PartSize == layout.PartSize
                && await HeldPartsAsync(resumed, key, ct) is { } held)
            {
                var reused = ReusableParts(checkpoint, held, layout);
                logger.LogInformation("Resuming the upload of {Bucket}/{Key}: {Parts} of its {Count} parts ({Bytes} bytes) are at the destination already",
                    destination.Bucket, key, reused.Count, layout.Count, reused.Values.Sum(p => p.Size));
                return (resumed, reused, checkpoints);
            }
            // Another version or layout, or an upload the destination no longer has: begin again.
            await AbortQuietlyAsync(resumed.AbortAsync, destination.Bucket, key);
            await checkpoints.EndAsync(key, checkpoint.UploadId);
        }
        var upload = await StartUploadAsync(transfer, ct);
        await checkpoints.BeginAsync(key, upload.UploadId, sourceETag, layout.Size, layout.PartSize, ct);
        return (upload, NoParts, checkpoints);
    }

    private static readonly IReadOnlyDictionary<int, UploadedPart> NoParts = new Dictionary<int, UploadedPart>();

    private static async Task<IMultipartUpload> StartUploadAsync(ObjectTransfer transfer, CancellationToken ct)
    {
        try
        {
            return await transfer.Context.Destination.StartMultipartAsync(transfer.Request!, ct);
        }
        catch (Exception e) when (!IsCancellation(e, ct))
        {
            throw CopyFailure.FromDestination(e);
        }
    }

    private static async Task<IMultipartUpload> ResumeUploadAsync(IObjectStore destination, ObjectWriteRequest request, string uploadId, CancellationToken ct)
    {
        try
        {
            return await destination.ResumeMultipartAsync(request, uploadId, ct);
        }
        catch (Exception e) when (!IsCancellation(e, ct))
        {
            throw CopyFailure.FromDestination(e);
        }
    }

    /// <summary>The parts the destination holds for the upload; null when it no longer has the upload (or cannot say).</summary>
    private async Task<IReadOnlyList<UploadedPart>?> HeldPartsAsync(IMultipartUpload upload, string key, CancellationToken ct)
    {
        try
        {
            return await upload.ListPartsAsync(ct);
        }
        catch (Exception e) when (!IsCancellation(e, ct))
        {
            var error = CopyErrors.ToStoreError(e);
            if (error.Kind != ObjectStoreErrorKind.NotFound)
                logger.LogWarning("Listing the parts of the upload of {Key} failed ({Error}); beginning it again", key, error.Details);
            return null;
        }
    }

    private static Dictionary<int, UploadedPart> ReusableParts(UploadCheckpoint checkpoint, IReadOnlyList<UploadedPart> held, PartLayout layout)
    {
        var atDestination = new Dictionary<int, UploadedPart>();
        foreach (var part in held) atDestination[part.PartNumber] = part;
        var reused = new Dictionary<int, UploadedPart>();
        foreach (var part in checkpoint.Parts)
        {
            if (part.PartNumber < 1 || part.PartNumber > layout.Count || part.Size != layout.Range(part.PartNumber - 1).Length) continue;
            if (!atDestination.TryGetValue(part.PartNumber, out var there) || there.Size != part.Size) continue;
            if (there.ETag.Length > 0 && !string.Equals(there.ETag, part.ETag, StringComparison.OrdinalIgnoreCase)) continue;
            reused[part.PartNumber] = part;
        }
        return reused;
    }

    /// <summary>Runs the part copies on <see cref="ObjectCopierOptions.PartsInFlight"/> workers, skipping the parts
    /// <paramref name="reused"/> and checkpointing each one sent; the first failure stops the others. Returns the parts in order.</summary>
    private async Task<UploadedPart[]> CopyPartsAsync(ObjectTransfer transfer, IMultipartUpload upload, PartLayout layout,
        ObjectMetadata version, ObjectDownload firstPart, IReadOnlyDictionary<int, UploadedPart> reused, UploadCheckpoints? checkpoints,
        CancellationToken ct)
    {
        var parts = new UploadedPart[layout.Count];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var next = 0;
        ObjectDownload? unclaimed = firstPart;
        CopyFailure? failure = null;

        async Task RunAsync()
        {
            try
            {
                int index;
                while ((index = Interlocked.Increment(ref next) - 1) < layout.Count)
                {
                    var opened = index == 0 ? Interlocked.Exchange(ref unclaimed, null) : null;
                    if (reused.TryGetValue(index + 1, out var done))
                    {
                        if (opened is not null) await opened.DisposeAsync();
                        parts[index] = done;
                        continue;
                    }
                    parts[index] = await CopyPartAsync(transfer, upload, layout, index, version, opened, stop.Token);
                    if (checkpoints is not null) await checkpoints.AddPartAsync(transfer.Item.Key, upload.UploadId, parts[index]);
                }
            }
            catch (CopyFailure e)
            {
                Interlocked.CompareExchange(ref failure, e, null);
                await stop.CancelAsync();
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Another part failed, or the copy was cancelled.
            }
        }

        try
        {
            var workers = new Task[Math.Min(options.PartsInFlight, layout.Count)];
            for (var i = 0; i < workers.Length; i++) workers[i] = RunAsync();
            await Task.WhenAll(workers);
        }
        finally
        {
            if (Interlocked.Exchange(ref unclaimed, null) is { } left) await left.DisposeAsync();
        }
        ct.ThrowIfCancellationRequested();
        if (failure is not null) throw failure;
        return parts;
    }

    /// <summary>One part, sent again from the source when it fails mid-stream with a transient error.</summary>
    private async Task<UploadedPart> CopyPartAsync(ObjectTransfer transfer, IMultipartUpload upload, PartLayout layout, int index,
        ObjectMetadata version, ObjectDownload? opened, CancellationToken ct)
    {
        var throttling = new ThrottleWait(time, options.ThrottlePatience);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await CopyPartOnceAsync(transfer, upload, layout, index, version, opened, ct);
            }
            catch (CopyFailure failure) when (throttling.Allows(failure.Error) && !ct.IsCancellationRequested)
            {
                attempt--;
                opened = null;
                await Task.Delay(ThrottleWait.Pause(), time, ct);
            }
            catch (CopyFailure failure) when (failure.CanRestart && !ct.IsCancellationRequested)
            {
                // The part's attempts are the object's: once they are spent, the object fails without a restart.
                if (attempt >= options.MaxAttempts) throw new CopyFailure(failure.Side, failure.Error, midStream: false);
                logger.LogInformation("Part {Part} of {Bucket}/{Key} failed mid-stream ({Side}: {Error}); sending it again",
                    index + 1, transfer.Context.Source.Bucket, transfer.Item.Key, failure.Side, failure.Error.Details);
                opened = null;
                await Task.Delay(RestartDelay(attempt), time, ct);
            }
        }
    }

    private static async Task<UploadedPart> CopyPartOnceAsync(ObjectTransfer transfer, IMultipartUpload upload, PartLayout layout, int index,
        ObjectMetadata version, ObjectDownload? opened, CancellationToken ct)
    {
        var key = transfer.Item.Key;
        var range = layout.Range(index);
        await using var download = opened ?? await OpenPartAsync(transfer.Context.Source, key, range, transfer.Version, ct);
        // Stores without ETags cannot condition reads: their parts are compared with the first one.
        if (download.Metadata.Size != version.Size || download.Metadata.ETag != version.ETag
            || (version.ETag is null && download.Metadata.LastModified != version.LastModified))
            throw CopyFailure.SourceChangedBecause($"part {index + 1} of {key} was read from another version (ETag {download.Metadata.ETag}, first part {version.ETag})");
        if (download.ContentLength >= 0 && download.ContentLength != range.Length)
            throw new CopyFailure(CopySide.Source, new ObjectStoreException(ObjectStoreErrorKind.Other, "InvalidRange",
                $"the source answered {download.ContentLength} bytes for {range} of {key}"), midStream: false);

        // The provider hashes each part as it sends it and has the destination confirm that digest (Content-MD5, or
        // the part ETag it checks); hashing the same bytes again here would only cost CPU on large copies.
        using var body = new SourceReadStream(Throttled(download.Content, transfer.Context), range.Length, ct, hash: false);
        UploadedPart part;
        try
        {
            part = await upload.UploadPartAsync(index + 1, body, range.Length, ct);
        }
        catch (Exception e) when (!IsCancellation(e, ct))
        {
            if (body.Failure is { } readFailure) throw CopyFailure.FromSource(readFailure, midStream: true);
            throw CopyFailure.FromDestination(e, midStream: body.BytesRead > 0);
        }
        if (body.BytesRead != range.Length || part.Size != range.Length)
            throw new CopyFailure(CopySide.Destination, CopyErrors.Integrity(
                $"part {index + 1} of {key}: {body.BytesRead} bytes were read and {part.Size} sent of {range.Length}"), midStream: false);
        return part;
    }

    private static async Task<ObjectDownload> OpenPartAsync(IObjectStore source, string key, ByteRange range, ExpectedVersion? version, CancellationToken ct)
    {
        try
        {
            return await source.OpenReadAsync(key, range, version, ct);
        }
        catch (Exception e) when (!IsCancellation(e, ct))
        {
            throw CopyFailure.FromSource(e);
        }
    }

    /// <summary>
    /// S3's multipart ETag is the MD5 of the parts' MD5s and the part count: it must match the parts sent, so the
    /// destination assembled exactly those. GCS builds composite objects otherwise, and under SSE-KMS (encrypted
    /// without our asking) the ETag is no digest: then nothing is checked.
    /// </summary>
    /// <returns>Whether the composite ETag was checked, and what is wrong when it does not match.</returns>
    private static (bool Checked, string? Problem) CheckComposite(ObjectTransfer transfer, UploadedPart[] parts, ObjectWriteResult result)
    {
        var endpoint = transfer.Context.DestinationEndpoint;
        if (!IsS3Family(endpoint) || endpoint.Type == EndpointType.Gcp) return (false, null);
        if (result.ServerSideEncrypted && !transfer.Request!.ServerSideEncryption) return (false, null);
        if (!Md5Digest.TryParseComposite(result.ETag, out var hex, out var count)) return (false, null);
        var digests = new byte[parts.Length * 16];
        for (var i = 0; i < parts.Length; i++)
        {
            // The MD5 the provider computed while sending the part, else its ETag when that is a plain MD5.
            var md5 = parts[i].ContentMd5 ?? Md5Digest.Base64FromHex(parts[i].ETag);
            if (md5 is null || !Convert.TryFromBase64String(md5, digests.AsSpan(i * 16, 16), out var written) || written != 16) return (false, null);
        }
        var expected = Md5Digest.CompositeHex(digests);
        if (count == parts.Length && string.Equals(hex, expected, StringComparison.OrdinalIgnoreCase)) return (true, null);
        return (true, $"the destination's multipart ETag {result.ETag} for {transfer.Item.Key} does not match the parts sent ({expected}-{parts.Length})");
    }

    /// <summary>How a completed multipart copy was checked: an S3 composite ETag against the parts' MD5s (the destination's
    /// own summary of what it assembled); otherwise the destination's whole-object MD5 is reported, which a copy in
    /// parallel parts has no whole-object hash of its own to compare with.</summary>
    private static CopyIntegrity MultipartIntegrity(ObjectTransfer transfer, bool compositeChecked, ObjectWriteResult result)
    {
        var source = transfer.SourceMd5 is { } md5 ? CopyIntegrity.Hex(md5) : transfer.Metadata?.ETag;
        return compositeChecked
            ? new CopyIntegrity(source, result.ETag, CopyIntegrity.Md5OfParts, Verified: true)
            : new CopyIntegrity(source, CopyIntegrity.Hex(result.ContentMd5) ?? result.ETag, CopyIntegrity.Md5, Verified: false);
    }

    /// <summary>Aborts a multipart upload or a write session (<paramref name="abort"/>), within <see cref="AbortTimeout"/>;
    /// a failure is only logged (a leftover upload is aborted by the sweeper, a GCS session expires by itself).</summary>
    private async Task AbortQuietlyAsync(Func<CancellationToken, Task> abort, string bucket, string key)
    {
        using var timeout = new CancellationTokenSource(AbortTimeout);
        try
        {
            await abort(timeout.Token);
        }
        catch (Exception e)
        {
            logger.LogWarning("Aborting the upload of {Bucket}/{Key} failed: {Error}", bucket, key, CopyErrors.ToStoreError(e).Details);
        }
    }

    private static bool IsS3Family(EndpointConfig endpoint) => endpoint.Type is { } type && EndpointType.IsS3Family(type);
}
