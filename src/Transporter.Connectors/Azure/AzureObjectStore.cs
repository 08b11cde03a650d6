using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;
using Transporter.Core.Storage;

namespace Transporter.Connectors.Azure;

/// <summary>One Azure container behind <see cref="IObjectStore"/>, through Azure.Storage.Blobs.</summary>
internal sealed class AzureObjectStore(AzureEndpoint endpoint, string container, int listPageSize, ILogger log) : IObjectStore
{
    /// <summary>Put Blob's limit since x-ms-version 2019-12-12.</summary>
    private const long MaxPutBlobSize = 5000L * 1024 * 1024;

    private static readonly TimeSpan CopyPollInterval = TimeSpan.FromMilliseconds(500);

    private readonly BlobContainerClient _container = endpoint.Client.GetBlobContainerClient(container);

    public string Bucket => container;

    internal AzureEndpoint Endpoint => endpoint;

    internal BlobContainerClient Container => _container;

    public ObjectStoreCapabilities Capabilities { get; } = new()
    {
        MultipartUpload = true,
        ResumableUploads = true,
        MinPartSize = 1, // Azure has no minimum block size
        MaxParts = 50_000,
        MaxSinglePutSize = MaxPutBlobSize,
        Tags = true,
        ServerSideCopy = true,
        StorageClasses = true,
        Md5Digests = true,
    };

    /// <remarks>
    /// StartFrom asks the service to begin at <paramref name="startAfter"/> (services that ignore it list from the
    /// start); entries up to and including it are skipped here either way.
    /// </remarks>
    public async IAsyncEnumerable<ObjectSummary> ListAsync(string prefix, string? startAfter, [EnumeratorCancellation] CancellationToken ct)
    {
        var options = new GetBlobsOptions
        {
            Prefix = prefix.Length > 0 ? prefix : null,
            StartFrom = startAfter is not null && startAfter.StartsWith(prefix, StringComparison.Ordinal) ? startAfter : null,
        };
        string? continuation = null;
        do
        {
            var page = await AzureErrorMapping.RunAsync(async () =>
            {
                await using var pages = _container.GetBlobsAsync(options, ct).AsPages(continuation, listPageSize).GetAsyncEnumerator(ct);
                return await pages.MoveNextAsync() ? pages.Current : null;
            }, ct);
            if (page is null) yield break;
            foreach (var item in page.Values)
            {
                if (startAfter is not null && KeyOrder.Instance.Compare(item.Name, startAfter) <= 0) continue;
                yield return AzureMetadataMapping.ToSummary(item);
            }
            continuation = string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken;
        } while (continuation is not null);
    }

    public async Task<ObjectMetadata?> StatAsync(string key, CancellationToken ct)
    {
        try
        {
            var properties = await Blob(key).GetPropertiesAsync(cancellationToken: ct);
            return AzureMetadataMapping.ToObjectMetadata(key, properties.Value);
        }
        catch (RequestFailedException e) when (AzureErrorMapping.IsNotFound(e, "BlobNotFound"))
        {
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw AzureErrorMapping.ToObjectStoreException(e);
        }
    }

    public async Task<ObjectDownload> OpenReadAsync(string key, ByteRange? range, ExpectedVersion? ifMatch, CancellationToken ct)
    {
        var options = new BlobDownloadOptions
        {
            Range = range is { } r ? new HttpRange(r.First, r.Length) : default,
            Conditions = ifMatch?.ETag is { } etag ? new BlobRequestConditions { IfMatch = new ETag($"\"{etag}\"") } : null,
        };
        Response<BlobDownloadStreamingResult> download;
        try
        {
            download = await AzureErrorMapping.RunAsync(() => Blob(key).DownloadStreamingAsync(options, ct), ct);
        }
        catch (ObjectStoreException e) when (e.Kind == ObjectStoreErrorKind.VersionChanged)
        {
            // Azurite answers a condition on a deleted blob with 412: gone is NotFound, whatever the condition.
            if (await StatAsync(key, ct) is null)
                throw new ObjectStoreException(ObjectStoreErrorKind.NotFound, "BlobNotFound", "The specified blob does not exist.", e);
            throw;
        }
        var result = download.Value;
        return new ObjectDownload(AzureMetadataMapping.ToObjectMetadata(key, result.Details, range is not null),
            new AzureDownloadStream(result.Content), result.Details.ContentLength);
    }

    public async Task<IReadOnlyDictionary<string, string>> GetTagsAsync(string key, CancellationToken ct)
    {
        var tags = await AzureErrorMapping.RunAsync(() => Blob(key).GetTagsAsync(cancellationToken: ct), ct);
        return new Dictionary<string, string>(tags.Value.Tags, StringComparer.Ordinal);
    }

    public async Task<ObjectWriteResult> WriteAsync(ObjectWriteRequest request, Stream content, CancellationToken ct)
    {
        if (request.Size > MaxPutBlobSize)
            throw new ObjectStoreException(ObjectStoreErrorKind.InvalidRequest, "RequestBodyTooLarge",
                $"{request.Size} bytes exceed Put Blob's {MaxPutBlobSize}; use a multipart upload");
        var options = AzureMetadataMapping.ToWriteOptions(request);
        using var body = new UploadContent(content, request.Size, seekableInPlace: true, hash: false);
        var blob = BlockBlob(request.Key);
        var uploaded = await AzureErrorMapping.RunAsync(async () =>
        {
            using var scope = AzureUploadPolicy.Scope(body);
            // One Put Blob, whatever the size: the SDK's partitioning would buffer a stream that cannot seek. The
            // SDK takes no known MD5 for a request it might partition, and computing one would read the bytes twice.
            return await blob.UploadAsync(body, new BlobUploadOptions
            {
                HttpHeaders = options.Headers,
                Metadata = options.Metadata,
                Tags = options.Tags.Count > 0 ? options.Tags : null,
                AccessTier = options.Tier,
                TransferOptions = new StorageTransferOptions { InitialTransferSize = MaxPutBlobSize, MaximumConcurrency = 1 },
            }, ct);
        }, ct);
        // Azure answers with the MD5 it computed over the bytes it received: it must be that of the content the request
        // announced (the source's own). The copier compares it with the MD5 of the bytes it read; nothing is hashed here.
        var stored = uploaded.Value.ContentHash is { Length: > 0 } hash ? Convert.ToBase64String(hash) : null;
        if (stored is not null && request.ContentMd5 is { } announced && stored != announced)
        {
            // Never leave bytes that differ from the source's.
            await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: CancellationToken.None);
            throw new ObjectStoreException(ObjectStoreErrorKind.IntegrityMismatch, "Md5Mismatch",
                $"Azure received MD5 {stored} for {request.Key}, the request announced {announced}");
        }
        // Azure Storage encrypts every blob at rest with its own keys; there is no way to turn that off.
        return new ObjectWriteResult(AzureMetadataMapping.ETagText(uploaded.Value.ETag), stored, ServerSideEncrypted: true);
    }

    public Task<IMultipartUpload> StartMultipartAsync(ObjectWriteRequest request, CancellationToken ct) =>
        ResumeMultipartAsync(request, AzureMultipartUpload.NewUploadId(), ct);

    public Task<IMultipartUpload> ResumeMultipartAsync(ObjectWriteRequest request, string uploadId, CancellationToken ct) =>
        Task.FromResult<IMultipartUpload>(new AzureMultipartUpload(BlockBlob(request.Key), AzureMetadataMapping.ToWriteOptions(request), uploadId));

    /// <summary>Copy Blob runs inside Azure only between containers of one account, with the same credential.</summary>
    public bool CanCopyFrom(IObjectStore source) => source is AzureObjectStore azure && azure.Endpoint.SameAccountAs(endpoint);

    public async Task<ObjectWriteResult> CopyFromAsync(IObjectStore source, ObjectMetadata sourceObject, ObjectWriteRequest request, CancellationToken ct)
    {
        if (source is not AzureObjectStore azure || !CanCopyFrom(source))
            throw new ObjectStoreException(ObjectStoreErrorKind.InvalidRequest, "CannotCopyFromSource", "server-side copy needs a source container of the same Azure account");
        var options = AzureMetadataMapping.ToWriteOptions(request);
        var blob = Blob(request.Key);
        // The source blob's URL carries the SAS when the account is reached through one; with a shared key the
        // destination's own credential authorizes the source (same account).
        var sourceUri = azure.Blob(sourceObject.Key).Uri;
        var copied = await AzureErrorMapping.RunAsync(async () =>
        {
            var operation = await blob.StartCopyFromUriAsync(sourceUri, new BlobCopyFromUriOptions
            {
                Metadata = options.Metadata,
                Tags = options.Tags.Count > 0 ? options.Tags : null,
                AccessTier = options.Tier,
            }, ct);
            await operation.WaitForCompletionAsync(CopyPollInterval, ct);
            return operation;
        }, ct);
        // Copy Blob keeps the source's metadata when the request has none, and cannot set content headers:
        // both are put right afterwards so the copy carries exactly what the request says.
        if (options.Metadata.Count == 0) await AzureErrorMapping.RunAsync(() => blob.SetMetadataAsync(options.Metadata, cancellationToken: ct), ct);
        var md5 = request.ContentMd5 ?? sourceObject.ContentMd5;
        options.Headers.ContentHash = md5 is null ? null : Convert.FromBase64String(md5);
        var headers = await AzureErrorMapping.RunAsync(() => blob.SetHttpHeadersAsync(options.Headers, cancellationToken: ct), ct);
        log.LogDebug("Copied {Source} to {Key} inside the account ({CopyId})", sourceObject.Key, request.Key, copied.Id);
        return new ObjectWriteResult(AzureMetadataMapping.ETagText(headers.Value.ETag), md5, ServerSideEncrypted: true);
    }

    /// <summary>
    /// The blob's client. Azure resolves "." and ".." path segments of a blob URL (even escaped as %2E), so such a
    /// key would silently read or overwrite another blob: it is refused instead.
    /// </summary>
    internal BlobClient Blob(string key) => _container.GetBlobClient(CheckedName(key));

    private BlockBlobClient BlockBlob(string key) => _container.GetBlockBlobClient(CheckedName(key));

    private static string CheckedName(string key) =>
        key.Split('/').Any(segment => segment is "." or "..")
            ? throw new ObjectStoreException(ObjectStoreErrorKind.InvalidRequest, "InvalidBlobName",
                $"'{key}' has a '.' or '..' path segment, which Azure resolves to another blob name")
            : key;

    public Task DeleteAsync(string key, CancellationToken ct) =>
        AzureErrorMapping.RunAsync(() => Blob(key).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: ct), ct);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
