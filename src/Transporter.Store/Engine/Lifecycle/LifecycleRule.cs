namespace Transporter.Store.Engine.Lifecycle;

/// <summary>One lifecycle rule: its filter and actions (expiration of current versions by days or date, removal of
/// expired delete markers, expiration of noncurrent versions, abort of incomplete multipart uploads).</summary>
public sealed record LifecycleRule(string? Id, bool Enabled, LifecycleFilter Filter, bool LegacyPrefix)
{
    public int? ExpirationDays { get; init; }
    public DateTimeOffset? ExpirationDate { get; init; }
    public bool ExpiredObjectDeleteMarker { get; init; }
    public int? NoncurrentDays { get; init; }
    public int? NewerNoncurrentVersions { get; init; }
    public int? AbortAfterDays { get; init; }

    /// <summary>When a current version written at <paramref name="modified"/> expires under this rule: the given date,
    /// or the midnight (UTC) after modified + days, as S3 rounds it. Null without an expiration of current versions.</summary>
    public DateTimeOffset? ExpiryOf(DateTimeOffset modified)
    {
        if (ExpirationDate is { } date) return date;
        if (ExpirationDays is not { } days) return null;
        return NextMidnight(modified.AddDays(days));
    }

    /// <summary>The midnight UTC at or after <paramref name="time"/>.</summary>
    public static DateTimeOffset NextMidnight(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        var midnight = new DateTimeOffset(utc.Date, TimeSpan.Zero);
        return midnight == utc ? midnight : midnight.AddDays(1);
    }
}
