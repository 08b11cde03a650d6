using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Transporter.Core.Storage;

namespace Transporter.Worker.Copying;

public sealed partial class ObjectCopier
{
    /// <summary>
    /// One write through a session that outlives this process (<see cref="ObjectStoreCapabilities.ResumableWrites"/>: a GCS
    /// resumable upload), checkpointed before any byte is sent: the session's <see cref="IWriteSession.UploadId"/>, the
    /// source version every read of the copy is conditioned on, and the size. A copy that finds a checkpoint of that version
    /// asks the session how many bytes it holds, reads the source from there (same version) and sends only the rest
    /// (<see cref="FindSessionAsync"/>); those bytes are reported as reused. A cancellation (abort, shutdown, a lost batch)
    /// or a transient failure keeps the session for the next attempt or the worker that copies the object next; any other
    /// failure aborts it. Integrity: a copy sent from the first byte is checked as a single write (<see cref="Mismatch"/>);
    /// a continued one by the destination's checksum of the whole object against the source's (<see cref="ContinuedMismatch"/>).
    /// </summary>
    private async Task CopyThroughSessionAsync(ObjectTransfer transfer, UploadCheckpoints checkpoints, CancellationToken ct)
    {
        var (source, destination) = (transfer.Context.Source, transfer.Context.Destination);
        var key = transfer.Item.Key;
        var started = Stopwatch.GetTimestamp();
        var expectedSize = transfer.Metadata?.Size ?? transfer.Item.Size;
        var (session, offset) = await FindSessionAsync(transfer, checkpoints, ct);
        var checkpointed = session is not null;
        try
        {
            ObjectDownload download;
            try
            {
                download = await source.OpenReadAsync(key, offset == 0 ? null : new ByteRange(offset, expectedSize - 1), transfer.Version, ct);
            }
            catch (Exception e) when (!IsCancellation(e, ct))
            {
                throw CopyFailure.FromSource(e);
            }
            await using (download)
            {
                transfer.ConnectionSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                transfer.Metadata = download.Metadata;
                transfer.Pin(download.Metadata);
                var size = download.Metadata.Size;
                if (offset > 0 && size != expectedSize)
                    throw CopyFailure.SourceChangedBecause($"{key} is {size} bytes, not {expectedSize} as when its upload began");
                await ReadTagsAsync(transfer, ct);
                PrepareRequest(transfer);
                if (session is null)
                {
                    session = await StartSessionAsync(transfer, ct);
                    // Before any byte flows, so that whoever takes the object over continues this session. Without a version
                    // to condition the rest's read on, nobody could: then the session is only this copy's.
                    if (transfer.Version?.ETag is { } version)
                    {
                        await checkpoints.BeginAsync(key, session.UploadId, version, size, partSize: 0, ct);
                        checkpointed = true;
                    }
                }

                var copyStarted = Stopwatch.GetTimestamp();
                using var body = new SourceReadStream(Throttled(download.Content, transfer.Context), size - offset, ct, hash: offset == 0);
                ObjectWriteResult result;
                try
                {
                    result = await session.WriteAsync(offset, body, ct);
                }
                catch (Exception e) when (!IsCancellation(e, ct))
                {
                    if (body.Failure is { } readFailure) throw CopyFailure.FromSource(readFailure, midStream: true);
                    throw CopyFailure.FromDestination(e, midStream: body.BytesRead > 0);
                }
                transfer.CopySeconds = Stopwatch.GetElapsedTime(copyStarted).TotalSeconds;
                if ((offset == 0 ? Mismatch(transfer, body, result) : ContinuedMismatch(transfer, body, offset, result)) is { } problem)
                {
                    await RemoveUnverifiedAsync(destination, key);
                    throw new CopyFailure(CopySide.Destination, CopyErrors.Integrity(problem), midStream: false);
                }
                transfer.Result = result;
                transfer.BytesCopied = size;
                transfer.BytesReused = offset;
            }
        }
        catch (OperationCanceledException) when (checkpointed && ct.IsCancellationRequested)
        {
            // Kept, with its checkpoint, for the worker that copies the object next (or aborted once the run ended).
            throw;
        }
        catch (CopyFailure failure) when (checkpointed && failure.Error.Kind == ObjectStoreErrorKind.Transient)
        {
            // The next attempt (a restart, a throttled copy sent again) continues the session from what it holds.
            throw;
        }
        catch
        {
            if (session is not null) await AbortQuietlyAsync(session.AbortAsync, destination.Bucket, key);
            if (checkpointed) await checkpoints.EndAsync(key, session!.UploadId);
            throw;
        }
        if (checkpointed) await checkpoints.EndAsync(key, session.UploadId);
    }

    /// <summary>
    /// The session this run began for the object and how many of its bytes the destination holds, when it can be continued:
    /// checkpointed for the version this copy reads, of the same size, and still taking bytes. Any other checkpointed
    /// session (another version, one the destination no longer has or that already finished its object) is aborted and
    /// forgotten: (null, 0), a new session is begun.
    /// </summary>
    private async Task<(IWriteSession? Session, long Held)> FindSessionAsync(ObjectTransfer transfer, UploadCheckpoints checkpoints, CancellationToken ct)
    {
        var key = transfer.Item.Key;
        if (await checkpoints.FindAsync(key, ct) is not { } checkpoint) return (null, 0);
        var destination = transfer.Context.Destination;
        var size = transfer.Metadata?.Size ?? transfer.Item.Size; // after a restart the size read last time is newer
        IWriteSession? session = null;
        try
        {
            session = await destination.ResumeWriteSessionAsync(new ObjectWriteRequest { Key = key, Size = checkpoint.Size }, checkpoint.UploadId, ct);
            if (checkpoint.SourceETag == transfer.Version?.ETag && checkpoint.Size == size && await session.HeldBytesAsync(ct) is var held && held < size)
            {
                logger.LogInformation("Resuming the upload of {Bucket}/{Key}: the destination holds {Bytes} of its {Size} bytes",
                    destination.Bucket, key, held, size);
                return (session, held);
            }
        }
        catch (Exception e) when (!IsCancellation(e, ct))
        {
            var error = CopyErrors.ToStoreError(e);
            if (error.Kind != ObjectStoreErrorKind.NotFound)
                logger.LogWarning("Asking the upload session of {Key} what it holds failed ({Error}); beginning it again", key, error.Details);
        }
        if (session is not null) await AbortQuietlyAsync(session.AbortAsync, destination.Bucket, key);
        await checkpoints.EndAsync(key, checkpoint.UploadId);
        return (null, 0);
    }

    private static async Task<IWriteSession> StartSessionAsync(ObjectTransfer transfer, CancellationToken ct)
    {
        try
        {
            return await transfer.Context.Destination.StartWriteSessionAsync(transfer.Request!, ct);
        }
        catch (Exception e) when (!IsCancellation(e, ct))
        {
            throw CopyFailure.FromDestination(e);
        }
    }

    /// <summary>
    /// What is wrong with a continued session's copy, or null. The bytes the session held were read and sent by an earlier
    /// attempt, or another process, and cannot be hashed here: the check is the destination's checksum of the whole object
    /// against the source's own: the MD5s when the source has one (GCS also refused the object at its last byte if its
    /// bytes did not match the md5Hash the session was begun with), else the CRC32Cs when both report one (a GCS source,
    /// even a composite object). Without either the copy is reported unverified, as an Azure block list is.
    /// </summary>
    private static string? ContinuedMismatch(ObjectTransfer transfer, SourceReadStream body, long offset, ObjectWriteResult result)
    {
        var (key, size) = (transfer.Request!.Key, transfer.Request.Size);
        if (body.BytesRead != size - offset)
            return $"the destination took {body.BytesRead} of the {size - offset} bytes of {key} after byte {offset}";
        var (sourceMd5, storedMd5) = (transfer.SourceMd5, result.ContentMd5);
        if (sourceMd5 is not null && storedMd5 is not null)
        {
            if (!Md5Digest.SameBase64(sourceMd5, storedMd5)) return $"the destination stored MD5 {storedMd5} for {key}, the source says {sourceMd5}";
            transfer.Integrity = new CopyIntegrity(CopyIntegrity.Hex(sourceMd5), CopyIntegrity.Hex(storedMd5), CopyIntegrity.Md5, Verified: true);
        }
        else if (transfer.Metadata?.Crc32c is { } sourceCrc && result.Crc32c is { } storedCrc)
        {
            if (sourceCrc != storedCrc) return $"the destination stored CRC32C {storedCrc} for {key}, the source says {sourceCrc}";
            transfer.Integrity = new CopyIntegrity(CopyIntegrity.Hex(sourceCrc), CopyIntegrity.Hex(storedCrc), CopyIntegrity.Crc32c, Verified: true);
        }
        else
        {
            transfer.Integrity = new CopyIntegrity(CopyIntegrity.Hex(sourceMd5), CopyIntegrity.Hex(storedMd5), CopyIntegrity.Md5, Verified: false);
        }
        return null;
    }
}
