namespace Transporter.Store.Engine.Model;

/// <summary>A bucket's website configuration (Garage's websiteAccess, S3's PutBucketWebsite): its index document
/// and, optionally, its error document.</summary>
public sealed record BucketWebsite(string IndexDocument, string? ErrorDocument)
{
    /// <summary>The stored form: the index document, a newline, the error document (object keys hold no newline here).</summary>
    public string Encode() => IndexDocument + "\n" + ErrorDocument;

    public static BucketWebsite? Decode(string? stored)
    {
        if (string.IsNullOrEmpty(stored)) return null;
        var cut = stored.IndexOf('\n', StringComparison.Ordinal);
        return cut < 0 ? new BucketWebsite(stored, null) : new BucketWebsite(stored[..cut], cut + 1 < stored.Length ? stored[(cut + 1)..] : null);
    }
}
