using System.Runtime.CompilerServices;
using Amazon.S3.Model;
using Transporter.Core.Storage;

namespace Transporter.Connectors.S3;

/// <summary>Object versions (ListObjectVersions, GetObject by versionId, delete markers), for allVersions migrations.</summary>
internal sealed partial class S3ObjectStore
{
    public async IAsyncEnumerable<ObjectVersion> ListVersionsAsync(string prefix, string? afterKey, [EnumeratorCancellation] CancellationToken ct)
    {
        // S3 lists keys in order but each key's versions newest first: a key's versions are held until the next key
        // begins (they may span pages), then given oldest first.
        var pending = new List<ObjectVersion>();
        string? keyMarker = string.IsNullOrEmpty(afterKey) ? null : afterKey, versionMarker = null;
        while (true)
        {
            var request = new ListVersionsRequest
            {
                BucketName = bucket,
                Prefix = string.IsNullOrEmpty(prefix) ? null : prefix,
                KeyMarker = keyMarker,
                VersionIdMarker = versionMarker,
                MaxKeys = client.Options.ListPageSize,
            };
            var page = await CallAsync(token => client.Sdk.ListVersionsAsync(request, token), null, ct);
            foreach (var version in page.Versions ?? [])
            {
                if (pending.Count > 0 && pending[0].Key != version.Key)
                {
                    for (var i = pending.Count - 1; i >= 0; i--) yield return pending[i];
                    pending.Clear();
                }
                pending.Add(new ObjectVersion(version.Key, version.VersionId ?? "null", version.IsDeleteMarker == true, version.IsLatest == true,
                    version.Size ?? 0, S3MetadataMapping.ToOffset(version.LastModified),
                    S3MetadataMapping.Unquote(version.ETag)));
            }
            if (page.IsTruncated != true) break;
            (keyMarker, versionMarker) = (page.NextKeyMarker, page.NextVersionIdMarker);
        }
        for (var i = pending.Count - 1; i >= 0; i--) yield return pending[i];
    }

    public async Task<ObjectDownload> OpenVersionAsync(string key, string versionId, CancellationToken ct)
    {
        var request = new GetObjectRequest { BucketName = bucket, Key = key, VersionId = versionId };
        var raw = RawResponseHeaders.Begin();
        var response = await CallAsync(token => client.Sdk.GetObjectAsync(request, token), key, ct);
        var metadata = S3MetadataMapping.ToMetadata(key, response, raw, client.Endpoint);
        return new ObjectDownload(metadata, new S3ResponseBodyStream(response.ResponseStream, response.ContentLength, key), response.ContentLength);
    }

    public async Task<string?> WriteDeleteMarkerAsync(string key, CancellationToken ct)
    {
        var request = new DeleteObjectRequest { BucketName = bucket, Key = key };
        var response = await CallAsync(token => client.Sdk.DeleteObjectAsync(request, token), key, ct);
        return response.DeleteMarker == "true" ? response.VersionId : null;
    }
}
