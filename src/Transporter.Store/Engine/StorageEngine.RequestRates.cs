using System.Collections.Concurrent;
using System.Globalization;
using Transporter.Store.Engine.RequestRates;

namespace Transporter.Store.Engine;

/// <summary>
/// A per-bucket request-rate limit, an operator setting as RGW's ratelimit: past it the store answers 503 SlowDown, as
/// AWS does past a prefix's request rate. Kept as the bucket setting <see cref="RequestRateLimitSetting"/> (requests
/// per second), so it survives restarts; set through the admin API (PUT /admin/v1/buckets/{bucket}/request-rate-limit).
/// </summary>
public sealed partial class StorageEngine
{
    public const string RequestRateLimitSetting = "request-rate-limit";

    private readonly ConcurrentDictionary<string, RequestRateBucket> _requestRates = new(StringComparer.Ordinal);

    /// <summary>The bucket's limit in requests per second, or null when it has none (NoSuchBucket).</summary>
    public int? GetRequestRateLimit(string bucket)
    {
        FindBucket(bucket);
        return RequestRateLimitOf(bucket);
    }

    /// <summary>Sets the bucket's limit; null or 0 removes it. Applies to the next request.</summary>
    public async Task SetRequestRateLimitAsync(string bucket, int? requestsPerSecond, CancellationToken ct)
    {
        var info = FindBucket(bucket);
        if (requestsPerSecond is < 0) throw new ArgumentOutOfRangeException(nameof(requestsPerSecond), "a request rate cannot be negative");
        var value = requestsPerSecond is > 0 ? requestsPerSecond.Value.ToString(CultureInfo.InvariantCulture) : null;
        await PutBucketSettingAsync(info.Owner, bucket, RequestRateLimitSetting, value, ct).ConfigureAwait(false);
        _requestRates.TryRemove(bucket, out _);
    }

    /// <summary>Whether a request to <paramref name="bucket"/> may be served now; false past its limit (SlowDown).</summary>
    public bool TryAdmitRequest(string bucket)
    {
        if (RequestRateLimitOf(bucket) is not { } limit) return true;
        var now = _clock.GetUtcNow().UtcTicks;
        var rates = _requestRates.GetOrAdd(bucket, _ => new RequestRateBucket(limit, now));
        if (rates.RequestsPerSecond != limit)
            _requestRates[bucket] = rates = new RequestRateBucket(limit, now);
        return rates.TryTake(now);
    }

    private int? RequestRateLimitOf(string bucket) =>
        BucketSetting(bucket, RequestRateLimitSetting) is { } text && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit > 0
            ? limit : null;
}
