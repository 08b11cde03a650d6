using System.Runtime.CompilerServices;
using Amazon.S3.Model;
using Transporter.Core.Storage;

namespace Transporter.Connectors.S3;

internal sealed partial class S3ObjectStore
{
    public async IAsyncEnumerable<ObjectSummary> ListAsync(string prefix, string? startAfter, [EnumeratorCancellation] CancellationToken ct)
    {
        string? continuation = null;
        do
        {
            var request = new ListObjectsV2Request
            {
                BucketName = bucket,
                Prefix = string.IsNullOrEmpty(prefix) ? null : prefix,
                // S3 ignores StartAfter once a continuation token is given; it only positions the first page.
                StartAfter = continuation is null && !string.IsNullOrEmpty(startAfter) ? startAfter : null,
                ContinuationToken = continuation,
                MaxKeys = client.Options.ListPageSize,
            };
            var page = await CallAsync(token => client.Sdk.ListObjectsV2Async(request, token), null, ct);
            if (page.S3Objects is not null)
                foreach (var item in page.S3Objects)
                    yield return S3MetadataMapping.ToSummary(item);
            continuation = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (!string.IsNullOrEmpty(continuation));
    }

    public async Task<ObjectMetadata?> StatAsync(string key, CancellationToken ct)
    {
        var request = new GetObjectMetadataRequest { BucketName = bucket, Key = key };
        try
        {
            var raw = RawResponseHeaders.Begin();
            var head = await CallAsync(token => client.Sdk.GetObjectMetadataAsync(request, token), key, ct);
            return S3MetadataMapping.ToMetadata(key, head, raw, client.Endpoint);
        }
        catch (ObjectStoreException e) when (e.Kind == ObjectStoreErrorKind.NotFound)
        {
            return null;
        }
    }

    public async Task<ObjectDownload> OpenReadAsync(string key, Transporter.Core.Storage.ByteRange? range, ExpectedVersion? ifMatch, CancellationToken ct)
    {
        if (client.DataPath is { } lean && S3DataPath.CanAddress(key)) return await OpenReadLeanAsync(lean, key, range, ifMatch, ct);
        var request = new GetObjectRequest { BucketName = bucket, Key = key };
        if (range is { } r) request.ByteRange = new Amazon.S3.Model.ByteRange(r.First, r.Last);
        if (ifMatch?.ETag is { } etag) request.EtagToMatch = $"\"{etag}\"";
        // The SDK reads only the headers here; ResponseStream is the connection's body, consumed as the caller reads.
        var raw = RawResponseHeaders.Begin();
        var response = await CallAsync(token => client.Sdk.GetObjectAsync(request, token), key, ct);
        var metadata = S3MetadataMapping.ToMetadata(key, response, raw, client.Endpoint);
        // A connection dropped mid-body is resumed from the next byte, of the same object version only (If-Match).
        var body = new ResumingReadStream(new S3ResponseBodyStream(response.ResponseStream, response.ContentLength, key), response.ContentLength, async (offset, token) =>
        {
            var rest = new GetObjectRequest
            {
                BucketName = bucket,
                Key = key,
                ByteRange = new Amazon.S3.Model.ByteRange((range?.First ?? 0) + offset, range?.Last ?? metadata.Size - 1),
                EtagToMatch = response.ETag,
            };
            var reopened = await CallAsync(t => client.Sdk.GetObjectAsync(rest, t), key, token);
            return new S3ResponseBodyStream(reopened.ResponseStream, reopened.ContentLength, key);
        }, S3ErrorMapping.IsTransient);
        return new ObjectDownload(metadata, body, response.ContentLength);
    }

    /// <summary><see cref="OpenReadAsync"/> without the SDK: the same metadata, body, resumption and errors.</summary>
    private async Task<ObjectDownload> OpenReadLeanAsync(S3DataPath lean, string key, Transporter.Core.Storage.ByteRange? range, ExpectedVersion? ifMatch,
        CancellationToken ct)
    {
        var etag = ifMatch?.ETag is { } asked ? $"\"{asked}\"" : null;
        var response = await CallAsync(token => lean.GetAsync(bucket, key, range, etag, token), key, ct);
        try
        {
            var metadata = S3MetadataMapping.ToMetadata(key, response, client.Endpoint);
            var length = response.Content.Headers.ContentLength ?? -1;
            var version = RawResponseHeaders.Raw(response, "ETag");
            // A connection dropped mid-body is resumed from the next byte, of the same object version only (If-Match).
            var resuming = new ResumingReadStream(await response.Content.ReadAsStreamAsync(ct), length, async (offset, token) =>
            {
                var rest = new Transporter.Core.Storage.ByteRange((range?.First ?? 0) + offset, range?.Last ?? metadata.Size - 1);
                var reopened = await CallAsync(t => lean.GetAsync(bucket, key, rest, version, t), key, token);
                return await reopened.Content.ReadAsStreamAsync(token);
            }, S3ErrorMapping.IsTransient);
            // A whole object is checked against its ETag as the SDK checks it: the copier hashes the bytes once more
            // on its own, but other readers (verification, downloads) rely on this check.
            var md5 = range is null && metadata.ContentMd5 is { } expected ? Convert.FromBase64String(expected) : null;
            return new ObjectDownload(metadata, new S3ResponseBodyStream(resuming, length, key, md5), length);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    public async Task<IReadOnlyDictionary<string, string>> GetTagsAsync(string key, CancellationToken ct)
    {
        if (client.Endpoint.IsGcs) return await GcsTagsAsync(key, ct);
        var request = new GetObjectTaggingRequest { BucketName = bucket, Key = key };
        var response = await CallAsync(token => client.Sdk.GetObjectTaggingAsync(request, token), key, ct);
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (response.Tagging is not null)
            foreach (var tag in response.Tagging)
                tags[tag.Key] = tag.Value;
        return tags;
    }

    /// <summary>GCS has no tags: they are metadata entries of the object (see <see cref="S3UserMetadata"/>).</summary>
    private async Task<IReadOnlyDictionary<string, string>> GcsTagsAsync(string key, CancellationToken ct)
    {
        var request = new GetObjectMetadataRequest { BucketName = bucket, Key = key };
        var head = await CallAsync(token => client.Sdk.GetObjectMetadataAsync(request, token), key, ct);
        return S3UserMetadata.Read(head.Metadata, client.Endpoint).Tags;
    }
}
