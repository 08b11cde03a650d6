using System.Diagnostics;
using Transporter.Core.Storage;

namespace Transporter.Worker.Copying;

public sealed partial class ObjectCopier
{
    /// <summary>One download streamed into one write; the metadata comes with the download (no separate stat).</summary>
    private async Task CopySinglePartAsync(ObjectTransfer transfer, CancellationToken ct)
    {
        var (source, destination) = (transfer.Context.Source, transfer.Context.Destination);
        var started = Stopwatch.GetTimestamp();
        ObjectDownload download;
        try
        {
            download = await source.OpenReadAsync(transfer.Item.Key, null, transfer.Version, ct);
        }
        catch (Exception e) when (!IsCancellation(e, ct))
        {
            throw CopyFailure.FromSource(e);
        }
        transfer.ConnectionSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        transfer.Metadata = download.Metadata;
        transfer.Pin(download.Metadata);
        var size = download.Metadata.Size;
        if (UsesMultipart(size, destination))
        {
            // Larger than listed: parallel parts after all.
            await download.DisposeAsync();
            await CopyMultipartAsync(transfer, size, ct);
            return;
        }

        await using (download)
        {
            await ReadTagsAsync(transfer, ct);
            PrepareRequest(transfer);
            var copyStarted = Stopwatch.GetTimestamp();
            using var body = new SourceReadStream(Throttled(download.Content, transfer.Context), size, ct);
            ObjectWriteResult result;
            try
            {
                result = await destination.WriteAsync(transfer.Request!, body, ct);
            }
            catch (Exception e) when (!IsCancellation(e, ct))
            {
                if (body.Failure is { } readFailure) throw CopyFailure.FromSource(readFailure, midStream: true);
                throw CopyFailure.FromDestination(e, midStream: body.BytesRead > 0);
            }
            transfer.CopySeconds = Stopwatch.GetElapsedTime(copyStarted).TotalSeconds;
            if (Mismatch(transfer, body, result) is { } problem)
            {
                await RemoveUnverifiedAsync(destination, transfer.Request!.Key);
                throw new CopyFailure(CopySide.Destination, CopyErrors.Integrity(problem), midStream: false);
            }
            transfer.Result = result;
            transfer.BytesCopied = body.BytesRead;
        }
    }

    /// <summary>
    /// What is wrong with a finished single-part copy, or null. The bytes were hashed once, on their way: every byte
    /// must have been read; their MD5 must equal the source's own (else the read was corrupted) and the one the
    /// destination reports having stored (its Content-MD5, or its ETag when that is an MD5). Records how it was checked.
    /// </summary>
    private static string? Mismatch(ObjectTransfer transfer, SourceReadStream body, ObjectWriteResult result)
    {
        var key = transfer.Request!.Key;
        if (body.BytesRead != transfer.Request.Size)
            return $"the destination took {body.BytesRead} of the {transfer.Request.Size} bytes of {key}";
        var read = Convert.ToBase64String(body.Digest());
        if (transfer.SourceMd5 is { } expected && !Md5Digest.SameBase64(expected, read))
            return $"the bytes read from {key} have MD5 {read}, the source says {expected}";
        if (result.ContentMd5 is { } stored && !Md5Digest.SameBase64(stored, read))
            return $"the destination stored MD5 {stored} for {key}, the bytes read have {read}";
        transfer.Integrity = new CopyIntegrity(CopyIntegrity.Hex(transfer.SourceMd5), CopyIntegrity.Hex(result.ContentMd5), CopyIntegrity.Md5,
            Verified: result.ContentMd5 is not null);
        return null;
    }
}
