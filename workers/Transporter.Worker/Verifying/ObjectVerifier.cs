using System.Diagnostics;
using System.Security.Cryptography;
using Transporter.Core.Bandwidth;
using Transporter.Core.Migrations;
using Transporter.Core.Reports;
using Transporter.Core.Storage;
using Transporter.Worker.Copying;
using Transporter.Worker.Listing;

namespace Transporter.Worker.Verifying;

/// <summary>
/// Verifies one key of a verify run (POST /verify): compares what the source and the destination hold and writes one
/// report row with its <see cref="VerifyResult"/>. Shallow: the listings' size and ETag (where both are plain MD5s, as
/// a simple sync compares them). Deep: both objects are read (under the migration's bandwidth limit) and the MD5 of
/// their bytes compared. Nothing is written anywhere. A key that a retry verifies again is looked up at both ends anew.
/// </summary>
public sealed class ObjectVerifier(TimeProvider time)
{
    public async Task<ObjectReport> VerifyAsync(CopyContext context, ObjectSummary item, bool deep, CancellationToken ct)
    {
        var started = time.GetUtcNow();
        var timer = Stopwatch.GetTimestamp();
        ObjectSummary? source = null, destination = null;
        string verdict = VerifyResult.Match, sourceError = "", destinationError = "";
        string? sourceChecksum = null, destinationChecksum = null;
        try
        {
            (source, destination) = await SidesAsync(context, item, ct).ConfigureAwait(false);
            // Shallow: each end's own checksum, where its ETag is a plain MD5; deep: the MD5 of the bytes read.
            (sourceChecksum, destinationChecksum) = (Md5OfETag(source?.ETag), Md5OfETag(destination?.ETag));
            if (deep && source is not null && destination is not null && source.Size == destination.Size)
                (sourceChecksum, destinationChecksum) = await HashBothAsync(context, item.Key, ct).ConfigureAwait(false);
            verdict = (source, destination) switch
            {
                (null, null) => VerifyResult.Match, // gone from both ends since the listing: nothing differs
                (null, _) => VerifyResult.Extra,
                (_, null) => VerifyResult.Missing,
                _ when source.Size != destination.Size => VerifyResult.Differs,
                _ when deep => sourceChecksum == destinationChecksum ? VerifyResult.Match : VerifyResult.Differs,
                _ => SyncMerge.Differs(source, destination) ? VerifyResult.Differs : VerifyResult.Match,
            };
        }
        catch (SideFailure failure)
        {
            var text = CopyErrors.Text(failure.Error);
            if (failure.AtSource) sourceError = text;
            else destinationError = "reading the destination: " + text;
        }
        return new ObjectReport
        {
            SourceBucket = context.Source.Bucket,
            DestinationBucket = context.Destination.Bucket,
            ObjectKey = item.Key,
            StartTime = started.ToUniversalTime(),
            FinishTime = time.GetUtcNow().ToUniversalTime(),
            CopyDuration = Math.Round(Stopwatch.GetElapsedTime(timer).TotalSeconds, 3),
            SourceETag = source?.ETag ?? "",
            DestinationETag = destination?.ETag ?? "",
            SourceReadingErr = sourceError,
            DestinationWritingErr = destinationError,
            VerifyResult = sourceError.Length == 0 && destinationError.Length == 0 ? verdict : null,
            SourceChecksum = sourceChecksum,
            DestinationChecksum = destinationChecksum,
            ChecksumAlgorithm = sourceChecksum is null && destinationChecksum is null ? null : CopyIntegrity.Md5,
        };
    }

    /// <summary>What each end holds for the key: from the listings when the lister compared them, else looked up.</summary>
    private static async Task<(ObjectSummary? Source, ObjectSummary? Destination)> SidesAsync(CopyContext context, ObjectSummary item, CancellationToken ct)
    {
        if (item.Counterpart is { } listed)
            return listed.OnlyAtDestination ? (null, item with { Counterpart = null }) : (item with { Counterpart = null }, listed.Destination);
        return (await StatAsync(context.Source, item.Key, atSource: true, ct).ConfigureAwait(false),
            await StatAsync(context.Destination, item.Key, atSource: false, ct).ConfigureAwait(false));
    }

    private static async Task<ObjectSummary?> StatAsync(IObjectStore store, string key, bool atSource, CancellationToken ct)
    {
        try
        {
            return await store.StatAsync(key, ct).ConfigureAwait(false) is { } meta ? new ObjectSummary(key, meta.Size, meta.LastModified, meta.ETag) : null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw new SideFailure(atSource, CopyErrors.ToStoreError(e));
        }
    }

    /// <summary>Reads both copies once each: the lowercase hex MD5 of each one's bytes.</summary>
    private static async Task<(string Source, string Destination)> HashBothAsync(CopyContext context, string key, CancellationToken ct)
    {
        var source = HashAsync(context.Source, key, context.Bandwidth, atSource: true, ct);
        var destination = HashAsync(context.Destination, key, context.Bandwidth, atSource: false, ct);
        var (a, b) = (await source.ConfigureAwait(false), await destination.ConfigureAwait(false));
        return (Convert.ToHexStringLower(a), Convert.ToHexStringLower(b));
    }

    /// <summary>An ETag that is the MD5 of the content (32 hex digits; not a multipart or provider-specific one), lowercase.</summary>
    private static string? Md5OfETag(string? etag)
    {
        var plain = etag?.Trim('"');
        return plain is { Length: 32 } && plain.All(char.IsAsciiHexDigit) ? plain.ToLowerInvariant() : null;
    }

    private static async Task<byte[]> HashAsync(IObjectStore store, string key, IBandwidthLimiter? bandwidth, bool atSource, CancellationToken ct)
    {
        try
        {
            await using var download = await store.OpenReadAsync(key, null, ct).ConfigureAwait(false);
            await using var content = bandwidth is null ? download.Content : new ThrottledStream(download.Content, bandwidth, leaveOpen: true);
            return await MD5.HashDataAsync(content, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw new SideFailure(atSource, CopyErrors.ToStoreError(e));
        }
    }

    private sealed class SideFailure(bool atSource, ObjectStoreException error) : Exception(error.Message, error)
    {
        public bool AtSource { get; } = atSource;
        public ObjectStoreException Error { get; } = error;
    }
}
