namespace Transporter.Core.Storage;

/// <summary>Reads that take whatever version of an object is there.</summary>
public static class ObjectStoreReads
{
    /// <summary><see cref="IObjectStore.OpenReadAsync"/> without a version condition.</summary>
    public static Task<ObjectDownload> OpenReadAsync(this IObjectStore store, string key, ByteRange? range, CancellationToken ct) =>
        store.OpenReadAsync(key, range, null, ct);
}
