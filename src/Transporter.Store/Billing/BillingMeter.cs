using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Transporter.Store.Engine;
using Transporter.Store.Protocol.Routing;

namespace Transporter.Store.Billing;

/// <summary>
/// Counts what each root's buckets do, where the S3 pipeline meters bytes: uploads (PutObject, UploadPart, PostObject
/// bytes received; objects completed by PutObject, PostObject, CopyObject, CompleteMultipartUpload), downloads (GetObject
/// bytes sent) and deletes (the bucket's bytes and objects before and after DeleteObject/DeleteObjects), billed to the
/// bucket's owner. Counts gather in memory per (root, minute) and are added to the billing tables by <see cref="FlushAsync"/>
/// (every few seconds by <see cref="BillingFlushService"/>, and before every billing answer), with the root's used space
/// and object count of the day.
/// </summary>
internal sealed class BillingMeter(BillingStore store, StorageEngine engine, TimeProvider clock, ILogger<BillingMeter> logger)
{
    private readonly ConcurrentDictionary<(string Root, long Minute), UsageCounts> _pending = new();
    private readonly SemaphoreSlim _flushing = new(1, 1);

    public static bool MeasuresDeletes(S3Operation operation) => operation is S3Operation.DeleteObject or S3Operation.DeleteObjects;

    /// <summary>The bucket's totals, read before a delete so that the delete's size is the difference.</summary>
    public Engine.Model.BucketUsage? UsageOf(string owner, string bucket)
    {
        try
        {
            return engine.GetBucketUsage(owner, bucket);
        }
        catch (StoreException)
        {
            return null;
        }
    }

    /// <summary>Counts one finished request (a failed one counts nothing).</summary>
    public void Record(string owner, string? bucket, S3Operation operation, int status, long received, long sent, Engine.Model.BucketUsage? before)
    {
        if (status is < 200 or >= 300) return;
        var counts = operation switch
        {
            S3Operation.PutObject or S3Operation.PostObject => new UsageCounts(received, 1, 0, 0, 0),
            S3Operation.UploadPart => new UsageCounts(received, 0, 0, 0, 0),
            S3Operation.CopyObject or S3Operation.CompleteMultipartUpload => new UsageCounts(0, 1, 0, 0, 0),
            S3Operation.GetObject => new UsageCounts(0, 0, sent, 0, 0),
            _ when MeasuresDeletes(operation) && before is not null && bucket is not null && UsageOf(owner, bucket) is { } after =>
                new UsageCounts(0, 0, 0, Math.Max(0, before.Bytes - after.Bytes), Math.Max(0, before.Objects - after.Objects)),
            _ => UsageCounts.None,
        };
        if (counts.IsEmpty) return;
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        _pending.AddOrUpdate((owner, now - now % 60_000), counts, (_, current) => current.Add(counts));
    }

    /// <summary>Adds the pending counts to the tables, and the used space of every root that had any.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        await _flushing.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var roots = new HashSet<string>(StringComparer.Ordinal);
            foreach (var key in _pending.Keys)
            {
                if (!_pending.TryRemove(key, out var counts)) continue;
                try
                {
                    await store.AddAsync(key.Root, DateTimeOffset.FromUnixTimeMilliseconds(key.Minute), counts, ct).ConfigureAwait(false);
                }
                catch
                {
                    // Kept for the next flush rather than lost.
                    _pending.AddOrUpdate(key, counts, (_, current) => current.Add(counts));
                    throw;
                }
                roots.Add(key.Root);
            }
            foreach (var root in roots) await RecordSpaceAsync(root, ct).ConfigureAwait(false);
        }
        finally
        {
            _flushing.Release();
        }
    }

    /// <summary>Sets today's used space and object count of <paramref name="root"/> from the engine's bucket totals.</summary>
    public async Task RecordSpaceAsync(string root, CancellationToken ct)
    {
        long bytes = 0, objects = 0;
        foreach (var bucket in engine.ListBuckets(root))
        {
            if (UsageOf(root, bucket.Name) is not { } usage) continue;
            bytes += usage.Bytes;
            objects += usage.Objects;
        }
        await store.SetSpaceAsync(root, clock.GetUtcNow(), bytes, objects, ct).ConfigureAwait(false);
        logger.LogDebug("Billing: {Root} uses {Bytes} bytes in {Objects} objects", root, bytes, objects);
    }
}
