using System.Runtime.CompilerServices;
using Transporter.Core.Storage;

namespace Transporter.Worker.Listing;

/// <summary>An allVersions run's listing: one entry per key that has any version (also a key whose latest version is a
/// delete marker, which a plain listing leaves out), sized by all its versions together and dated by its latest, so the
/// key travels in one batch and one worker writes its versions in order.</summary>
public static class VersionListing
{
    public static async IAsyncEnumerable<ObjectSummary> KeysAsync(IAsyncEnumerable<ObjectVersion> versions, [EnumeratorCancellation] CancellationToken ct = default)
    {
        string? key = null;
        long size = 0;
        ObjectVersion? latest = null;
        await foreach (var version in versions.WithCancellation(ct).ConfigureAwait(false))
        {
            if (key is not null && version.Key != key)
            {
                yield return new ObjectSummary(key, size, latest!.LastModified, latest.ETag);
                size = 0;
            }
            key = version.Key;
            size += version.Size;
            latest = version;
        }
        if (key is not null) yield return new ObjectSummary(key, size, latest!.LastModified, latest.ETag);
    }
}
