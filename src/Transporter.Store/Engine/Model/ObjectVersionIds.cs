namespace Transporter.Store.Engine.Model;

/// <summary>
/// Version ids as S3 clients see them: "null" for the version written while versioning was never enabled or was
/// suspended (stored as NULL), else 32 lower-case hex characters generated per version.
/// </summary>
public static class ObjectVersionIds
{
    public const string Null = "null";

    /// <summary>The id a client sees for a stored version id.</summary>
    public static string Show(string? stored) => stored ?? Null;

    /// <summary>The stored form of a client's version id (null for "null"); InvalidArgument when it cannot be one.</summary>
    public static string? Parse(string versionId)
    {
        if (versionId == Null) return null;
        if (versionId.Length == 32 && versionId.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f')) return versionId;
        throw new StoreException(StoreErrorCode.InvalidArgument, "Invalid version id specified");
    }

    public static string New() => Blobs.BlobDirectory.NewId();
}
