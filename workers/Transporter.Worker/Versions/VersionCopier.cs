using Microsoft.Extensions.Logging;
using Transporter.Core.Bandwidth;
using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;
using Transporter.Core.Reports;
using Transporter.Core.Storage;
using Transporter.Worker.Copying;

namespace Transporter.Worker.Versions;

/// <summary>
/// Copies every version of one key for an allVersions run (docs/migration-controls.md, "All versions"): the source's
/// versions oldest first, each data version streamed (under the migration's limiter, its MD5 checked by the destination)
/// and each delete marker written as one, so a versioned destination ends with the same history and the same latest
/// version. Each version's outcome (and the version id it became) is recorded at once; a key copied again skips what
/// was recorded, and a version that fails stops the key (a later version must not overtake it). The key's report row sums
/// its versions.
/// </summary>
public sealed class VersionCopier(VersionCopyRepository versions, ILogger<VersionCopier> logger, TimeProvider clock)
{
    public async Task<ObjectReport> CopyAsync(CopyContext context, Guid runId, ObjectSummary item, CancellationToken ct)
    {
        var started = clock.GetUtcNow();
        var recorded = await versions.GetVersionCopiesAsync(runId, item.Key, ct).ConfigureAwait(false);
        var done = recorded.Where(r => r.Error.Length == 0).Select(r => r.SourceVersionId).ToHashSet(StringComparer.Ordinal);
        var seq = recorded.Where(r => r.Error.Length == 0).Select(r => r.Seq + 1).DefaultIfEmpty(0).Max();
        long bytes = 0;
        string sourceETag = "", destinationETag = "", error = "";
        try
        {
            await foreach (var version in context.Source.ListVersionsAsync(item.Key, null, ct).ConfigureAwait(false))
            {
                if (version.Key != item.Key) break;
                if (done.Contains(version.VersionId)) continue;
                var copy = await CopyVersionAsync(context, version, seq, ct).ConfigureAwait(false);
                await versions.RecordVersionCopyAsync(runId, copy, ct).ConfigureAwait(false);
                if (copy.Error.Length > 0)
                {
                    error = $"version {version.VersionId}: {copy.Error}";
                    break;
                }
                seq++;
                bytes += copy.Size;
                (sourceETag, destinationETag) = (copy.SourceETag, copy.DestinationETag);
            }
        }
        catch (ObjectStoreException e)
        {
            error = $"listing the versions: {e.Details}";
        }
        if (error.Length > 0) logger.LogWarning("Versions of {Key} not all copied: {Error}", item.Key, error);
        return new ObjectReport
        {
            SourceBucket = context.Source.Bucket,
            DestinationBucket = context.Destination.Bucket,
            ObjectKey = item.Key,
            StartTime = started,
            FinishTime = clock.GetUtcNow(),
            CopyDuration = (clock.GetUtcNow() - started).TotalSeconds,
            BytesCopied = bytes,
            SourceETag = sourceETag,
            DestinationETag = destinationETag,
            DestinationWritingErr = error,
        };
    }

    private async Task<VersionCopy> CopyVersionAsync(CopyContext context, ObjectVersion version, int seq, CancellationToken ct)
    {
        var copy = new VersionCopy
        {
            ObjectKey = version.Key,
            Seq = seq,
            SourceVersionId = version.VersionId,
            DeleteMarker = version.IsDeleteMarker,
            Size = version.IsDeleteMarker ? 0 : version.Size,
            SourceETag = version.ETag ?? "",
        };
        try
        {
            if (version.IsDeleteMarker)
                return copy with { DestinationVersionId = await context.Destination.WriteDeleteMarkerAsync(version.Key, ct).ConfigureAwait(false), FinishedAt = Now() };
            await using var download = await context.Source.OpenVersionAsync(version.Key, version.VersionId, ct).ConfigureAwait(false);
            var request = WriteRequestMapping.For(download.Metadata, null, context.DestinationEndpoint,
                WriteRequestMapping.SourceMd5(download.Metadata, context.SourceEndpoint));
            await using var body = context.Bandwidth is { } limiter ? new ThrottledStream(download.Content, limiter, leaveOpen: true) : null;
            var written = await context.Destination.WriteAsync(request, body ?? download.Content, ct).ConfigureAwait(false);
            return copy with { DestinationVersionId = written.VersionId, DestinationETag = written.ETag ?? "", FinishedAt = Now() };
        }
        catch (ObjectStoreException e)
        {
            return copy with { Error = e.Details, FinishedAt = Now() };
        }
    }

    private DateTimeOffset Now() => clock.GetUtcNow();
}
