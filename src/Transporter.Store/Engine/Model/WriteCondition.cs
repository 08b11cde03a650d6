namespace Transporter.Store.Engine.Model;

/// <summary>
/// A conditional write (PUT, CompleteMultipartUpload): If-None-Match: * (only when the key has no current object) or
/// If-Match (only when the current object has this ETag; NoSuchKey when there is none). Checked before the bytes are
/// received and again inside the commit, so two conditional writers of one key cannot both succeed.
/// </summary>
public sealed record WriteCondition(string? IfMatch, bool IfNoneMatchAny)
{
    /// <summary>Throws PreconditionFailed or NoSuchKey unless a write may replace an object whose ETag is
    /// <paramref name="currentETag"/> (null: the key has no current object).</summary>
    public void Check(string? currentETag)
    {
        if (IfNoneMatchAny && currentETag is not null) throw new StoreException(StoreErrorCode.PreconditionFailed);
        if (IfMatch is null) return;
        if (currentETag is null) throw new StoreException(StoreErrorCode.NoSuchKey);
        foreach (var candidate in IfMatch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            if (candidate == "*" || string.Equals(candidate.Trim('"'), currentETag, StringComparison.OrdinalIgnoreCase)) return;
        throw new StoreException(StoreErrorCode.PreconditionFailed);
    }
}
