using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Transporter.Core.Storage;

namespace Transporter.Connectors.Azure;

/// <summary>One Azure container behind <see cref="IObjectStore"/>.</summary>
internal sealed class AzureObjectStore(AzureClient client, string container, int listPageSize, ILogger log) : IObjectStore
{
    /// <summary>Put Blob's limit since x-ms-version 2019-12-12.</summary>
    private const long MaxPutBlobSize = 5000L * 1024 * 1024;

    private static readonly TimeSpan CopyPollInterval = TimeSpan.FromMilliseconds(500);

    public string Bucket => container;

    internal AzureClient Client => client;

    public ObjectStoreCapabilities Capabilities { get; } = new()
    {
        MultipartUpload = true,
        MinPartSize = 1, // Azure has no minimum block size
        MaxParts = 50_000,
        MaxSinglePutSize = MaxPutBlobSize,
        Tags = true,
        ServerSideCopy = true,
        StorageClasses = true,
        Md5Digests = true,
    };

    /// <remarks>
    /// List Blobs has no start-after parameter (StartFrom needs x-ms-version 2026-02-06), so entries up to
    /// <paramref name="startAfter"/> are skipped here; their pages are still fetched.
    /// </remarks>
    public async IAsyncEnumerable<ObjectSummary> ListAsync(string prefix, string? startAfter, [EnumeratorCancellation] CancellationToken ct)
    {
        string? marker = null;
        do
        {
            var page = await client.ListBlobsPageAsync(container, prefix, marker, listPageSize, ct);
            foreach (var item in page.Items)
            {
                if (startAfter is not null && KeyOrder.Instance.Compare(item.Name, startAfter) <= 0) continue;
                yield return AzureMetadataMapping.ToSummary(item);
            }
            marker = page.NextMarker;
        } while (marker is not null);
    }

    public async Task<ObjectMetadata?> StatAsync(string key, CancellationToken ct) =>
        await client.GetPropertiesAsync(container, key, ct) is { } properties
            ? AzureMetadataMapping.ToObjectMetadata(key, properties)
            : null;

    public async Task<ObjectDownload> OpenReadAsync(string key, ByteRange? range, CancellationToken ct)
    {
        var (properties, content, length) = await client.DownloadAsync(container, key, range, null, ct);
        // A connection dropped mid-body is resumed from the next byte, of the same blob version only.
        var body = new ResumingReadStream(content, length, async (offset, token) =>
        {
            var first = (range?.First ?? 0) + offset;
            var (_, rest, _) = await client.DownloadAsync(container, key, new ByteRange(first, range?.Last ?? properties.Size - 1), properties.ETag, token);
            return rest;
        }, AzureErrorMapping.IsTransient);
        return new ObjectDownload(AzureMetadataMapping.ToObjectMetadata(key, properties), body, length);
    }

    public Task<IReadOnlyDictionary<string, string>> GetTagsAsync(string key, CancellationToken ct) => client.GetTagsAsync(container, key, ct);

    public async Task<ObjectWriteResult> WriteAsync(ObjectWriteRequest request, Stream content, CancellationToken ct)
    {
        if (request.Size > MaxPutBlobSize)
            throw new ObjectStoreException(ObjectStoreErrorKind.InvalidRequest, "RequestBodyTooLarge",
                $"{request.Size} bytes exceed Put Blob's {MaxPutBlobSize}; use a multipart upload");
        var options = AzureMetadataMapping.ToWriteOptions(request);
        using var body = new UploadContent(content, request.Size);
        var response = await client.UploadAsync(container, request.Key, body, options, ct);
        var md5 = body.Md5Base64();
        if (response.ContentMd5 is not null && response.ContentMd5 != md5)
        {
            // Never leave bytes that differ from what was read.
            await client.DeleteIfExistsAsync(container, request.Key, CancellationToken.None);
            throw new ObjectStoreException(ObjectStoreErrorKind.IntegrityMismatch, "Md5Mismatch",
                $"Azure stored MD5 {response.ContentMd5} for {request.Key}, the bytes sent have {md5}");
        }
        return new ObjectWriteResult(response.ETag, md5, response.ServerEncrypted);
    }

    public Task<IMultipartUpload> StartMultipartAsync(ObjectWriteRequest request, CancellationToken ct) =>
        Task.FromResult<IMultipartUpload>(new AzureMultipartUpload(client, container, request.Key, AzureMetadataMapping.ToWriteOptions(request)));

    /// <summary>Copy Blob runs inside Azure only between containers of one account.</summary>
    public bool CanCopyFrom(IObjectStore source) => source is AzureObjectStore azure && azure.Client.SameAccountAs(client);

    public async Task<ObjectWriteResult> CopyFromAsync(IObjectStore source, ObjectMetadata sourceObject, ObjectWriteRequest request, CancellationToken ct)
    {
        if (source is not AzureObjectStore azure || !CanCopyFrom(source))
            throw new ObjectStoreException(ObjectStoreErrorKind.InvalidRequest, "CannotCopyFromSource", "server-side copy needs a source container of the same Azure account");
        var options = AzureMetadataMapping.ToWriteOptions(request);
        var copy = await client.StartCopyFromUriAsync(container, request.Key, azure.Client.BlobUrl(azure.Bucket, sourceObject.Key), options, ct);
        var status = copy.Status;
        var description = copy.StatusDescription;
        while (status == "pending")
        {
            await Task.Delay(CopyPollInterval, ct);
            var properties = await client.GetPropertiesAsync(container, request.Key, ct)
                             ?? throw new ObjectStoreException(ObjectStoreErrorKind.Other, "CopyVanished", $"{request.Key} disappeared while being copied");
            status = properties.CopyStatus ?? "success";
            description = properties.CopyStatusDescription;
        }
        if (status != "success")
            throw new ObjectStoreException(ObjectStoreErrorKind.Other, "CopyFailed", $"copy of {sourceObject.Key} ended {status}: {description}");
        // Copy Blob keeps the source's metadata when the request has none, and cannot set content headers:
        // both are put right afterwards so the copy carries exactly what the request says.
        if (options.Metadata.Count == 0) await client.SetMetadataAsync(container, request.Key, options.Metadata, ct);
        var md5 = request.ContentMd5 ?? sourceObject.ContentMd5;
        var etag = await client.SetHttpHeadersAsync(container, request.Key, options.Headers with { ContentMd5 = md5 }, ct);
        log.LogDebug("Copied {Source} to {Key} inside the account", sourceObject.Key, request.Key);
        return new ObjectWriteResult(etag ?? copy.ETag, md5, true);
    }

    public Task DeleteAsync(string key, CancellationToken ct) => client.DeleteIfExistsAsync(container, key, ct);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
