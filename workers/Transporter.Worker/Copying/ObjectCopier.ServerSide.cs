using System.Diagnostics;
using Transporter.Core.Storage;

namespace Transporter.Worker.Copying;

public sealed partial class ObjectCopier
{
    /// <summary>The destination reads the source itself: stat and tags here, then one copy request.</summary>
    private async Task CopyServerSideAsync(ObjectTransfer transfer, CancellationToken ct)
    {
        var (source, destination) = (transfer.Context.Source, transfer.Context.Destination);
        var key = transfer.Item.Key;
        var started = Stopwatch.GetTimestamp();
        ObjectMetadata? metadata;
        try
        {
            metadata = await source.StatAsync(key, ct);
        }
        catch (Exception e) when (!IsCancellation(e, ct))
        {
            throw CopyFailure.FromSource(e);
        }
        transfer.ConnectionSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        if (metadata is null)
            throw new CopyFailure(CopySide.Source, new ObjectStoreException(ObjectStoreErrorKind.NotFound, "NotFound",
                $"{key} does not exist at the source (any more)"), midStream: false);
        if (transfer.Version?.ETag is { } listed && metadata.ETag is { } current && listed != current)
            throw CopyFailure.SourceChangedBecause($"{key} has ETag {current}, listed {listed}");
        transfer.Metadata = metadata;
        await ReadTagsAsync(transfer, ct);
        PrepareRequest(transfer);

        var copyStarted = Stopwatch.GetTimestamp();
        ObjectWriteResult result;
        try
        {
            result = await destination.CopyFromAsync(source, metadata, transfer.Request!, ct);
        }
        catch (Exception e) when (!IsCancellation(e, ct))
        {
            // The object was there a moment ago: a missing object now means the source lost it.
            var error = CopyErrors.ToStoreError(e);
            throw new CopyFailure(error.Kind == ObjectStoreErrorKind.NotFound ? CopySide.Source : CopySide.Destination, error, midStream: false);
        }
        transfer.CopySeconds = Stopwatch.GetElapsedTime(copyStarted).TotalSeconds;

        if (transfer.SourceMd5 is { } expected && result.ContentMd5 is { } actual && !Md5Digest.SameBase64(expected, actual))
        {
            if (!CopiesOntoItself(transfer.Context)) await RemoveUnverifiedAsync(destination, key);
            throw new CopyFailure(CopySide.Destination, CopyErrors.Integrity(
                $"the server-side copy of {key} has MD5 {actual}, the source has {expected}"), midStream: false);
        }
        transfer.Result = result;
        transfer.Integrity = new CopyIntegrity(CopyIntegrity.Hex(transfer.SourceMd5), CopyIntegrity.Hex(result.ContentMd5), CopyIntegrity.Md5,
            Verified: transfer.SourceMd5 is not null && result.ContentMd5 is not null);
        transfer.BytesCopied = metadata.Size;
    }
}
