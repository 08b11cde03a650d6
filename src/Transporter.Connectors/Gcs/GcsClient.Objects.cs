using System.Globalization;
using System.Net;
using Transporter.Core.Storage;

namespace Transporter.Connectors.Gcs;

internal sealed partial class GcsClient
{
    private const string ListFields = "items(name,size,updated,etag,storageClass,md5Hash),nextPageToken";

    /// <summary>objects.get (metadata); null when the object does not exist.</summary>
    public async Task<GcsObject?> GetObjectAsync(string bucket, string name, CancellationToken ct)
    {
        using var response = await SendAsync(() => Request(HttpMethod.Get, ObjectUrl(bucket, name)), ObjectStoreErrorKind.NotFound, ct,
            accept: r => r.StatusCode == HttpStatusCode.NotFound && !GcsErrorMapping.IsBucketMissing(r));
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ReadJsonAsync<GcsObject>(response, ct);
    }

    /// <summary>objects.list, flat, one page; <paramref name="startOffset"/> is inclusive.</summary>
    public async Task<ObjectList> ListObjectsPageAsync(string bucket, string prefix, string? startOffset, string? pageToken, int maxResults, CancellationToken ct)
    {
        var url = $"{JsonApi}/b/{EscapeName(bucket)}/o?maxResults={maxResults}&fields={Uri.EscapeDataString(ListFields)}"
                  + (prefix.Length > 0 ? "&prefix=" + Uri.EscapeDataString(prefix) : "")
                  + (startOffset is null ? "" : "&startOffset=" + Uri.EscapeDataString(startOffset))
                  + (pageToken is null ? "" : "&pageToken=" + Uri.EscapeDataString(pageToken));
        using var response = await SendAsync(() => Request(HttpMethod.Get, url), ObjectStoreErrorKind.BucketNotFound, ct);
        return await ReadJsonAsync<ObjectList>(response, ct);
    }

    /// <summary>
    /// Media download of one generation, whole or a byte range. Accept-Encoding: gzip makes GCS send the stored
    /// bytes of gzip-encoded objects instead of decompressing them on the fly.
    /// </summary>
    public async Task<(Stream Content, long Length)> DownloadAsync(string bucket, string name, string? generation, ByteRange? range, CancellationToken ct)
    {
        var url = $"{DownloadApi}/b/{EscapeName(bucket)}/o/{EscapeName(name)}?alt=media" + (generation is null ? "" : "&generation=" + generation);
        var response = await SendAsync(() =>
        {
            var request = Request(HttpMethod.Get, url);
            request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
            if (range is { } r) request.Headers.TryAddWithoutValidation("Range", r.ToString());
            return request;
        }, ObjectStoreErrorKind.NotFound, ct, HttpCompletionOption.ResponseHeadersRead);
        try
        {
            var body = await response.Content.ReadAsStreamAsync(ct);
            return (new ResponseStream(response, body), response.Content.Headers.ContentLength ?? -1);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>objects.delete; false when it did not exist.</summary>
    public async Task<bool> DeleteObjectAsync(string bucket, string name, CancellationToken ct)
    {
        using var response = await SendAsync(() => Request(HttpMethod.Delete, ObjectUrl(bucket, name)), ObjectStoreErrorKind.NotFound, ct,
            accept: r => r.StatusCode == HttpStatusCode.NotFound && !GcsErrorMapping.IsBucketMissing(r));
        return response.StatusCode != HttpStatusCode.NotFound;
    }

    /// <summary>buckets.list of the key file's project, one page.</summary>
    public async Task<BucketList> ListBucketsPageAsync(string? pageToken, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(ProjectId))
            throw new ObjectStoreException(ObjectStoreErrorKind.InvalidRequest, "MissingProjectId", "listing buckets needs the key file's project_id");
        var url = $"{JsonApi}/b?project={Uri.EscapeDataString(ProjectId)}" + (pageToken is null ? "" : "&pageToken=" + Uri.EscapeDataString(pageToken));
        using var response = await SendAsync(() => Request(HttpMethod.Get, url), ObjectStoreErrorKind.NotFound, ct);
        return await ReadJsonAsync<BucketList>(response, ct);
    }

    internal static long SizeOf(GcsObject o) => long.TryParse(o.Size, NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? size : 0;
}
