namespace Transporter.Store.Billing;

/// <summary>What one root did in one minute (or one request): bytes and objects written, bytes read, bytes and objects deleted.</summary>
internal sealed record UsageCounts(long UploadBytes, long UploadObjects, long DownloadBytes, long DeleteBytes, long DeleteObjects)
{
    public static readonly UsageCounts None = new(0, 0, 0, 0, 0);

    public bool IsEmpty => this == None;

    public UsageCounts Add(UsageCounts other) => new(UploadBytes + other.UploadBytes, UploadObjects + other.UploadObjects,
        DownloadBytes + other.DownloadBytes, DeleteBytes + other.DeleteBytes, DeleteObjects + other.DeleteObjects);
}
