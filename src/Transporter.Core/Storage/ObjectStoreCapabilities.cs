namespace Transporter.Core.Storage;

/// <summary>What a provider can do beyond list/stat/read/write/delete. Advertised, never assumed.</summary>
public sealed record ObjectStoreCapabilities
{
    /// <summary>Parallel multipart upload through <see cref="IObjectStore.StartMultipartAsync"/>.</summary>
    public bool MultipartUpload { get; init; }

    /// <summary>An unfinished multipart upload can be resumed by another process (<see cref="IObjectStore.ResumeMultipartAsync"/>),
    /// which learns the parts it holds from <see cref="IMultipartUpload.ListPartsAsync"/>.</summary>
    public bool ResumableUploads { get; init; }

    /// <summary>A single write goes through a session (<see cref="IObjectStore.StartWriteSessionAsync"/>) that this or another
    /// process can continue from what the destination holds (<see cref="IObjectStore.ResumeWriteSessionAsync"/>).</summary>
    public bool ResumableWrites { get; init; }

    public long MinPartSize { get; init; } = 5L * 1024 * 1024;

    public int MaxParts { get; init; } = 10_000;

    /// <summary>Largest object a single <see cref="IObjectStore.WriteAsync"/> accepts.</summary>
    public long MaxSinglePutSize { get; init; } = 5L * 1024 * 1024 * 1024;

    /// <summary>Object tags are read and written.</summary>
    public bool Tags { get; init; }

    /// <summary>Server-side copy for sources that <see cref="IObjectStore.CanCopyFrom"/> accepts.</summary>
    public bool ServerSideCopy { get; init; }

    /// <summary>Storage classes are set on write (from the destination's subtype).</summary>
    public bool StorageClasses { get; init; }

    /// <summary>The provider returns a Content-MD5 (or an ETag that is one) for single-part objects.</summary>
    public bool Md5Digests { get; init; }

    /// <summary>Object versions are listed, read by id and delete markers written (<see cref="IObjectStore.ListVersionsAsync"/>,
    /// <see cref="IObjectStore.OpenVersionAsync"/>, <see cref="IObjectStore.WriteDeleteMarkerAsync"/>).</summary>
    public bool Versions { get; init; }
}
