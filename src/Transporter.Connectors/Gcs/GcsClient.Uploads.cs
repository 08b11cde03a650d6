using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Transporter.Core.Storage;

namespace Transporter.Connectors.Gcs;

internal sealed partial class GcsClient
{
    /// <summary>Chunks of a resumable upload other than the last must be multiples of this.</summary>
    public const int ChunkGranularity = 256 * 1024;

    /// <summary>uploadType=multipart: metadata and the whole (small, buffered) content in one request.</summary>
    public async Task<GcsObject> UploadMultipartAsync(string bucket, GcsObject metadata, ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        var boundary = "transporter-" + Guid.NewGuid().ToString("N");
        var json = JsonSerializer.SerializeToUtf8Bytes(metadata, Json);
        var mediaType = string.IsNullOrEmpty(metadata.ContentType) ? "application/octet-stream" : metadata.ContentType;
        var head = Encoding.UTF8.GetBytes($"--{boundary}\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n");
        var middle = Encoding.UTF8.GetBytes($"\r\n--{boundary}\r\nContent-Type: {mediaType}\r\n\r\n");
        var tail = Encoding.UTF8.GetBytes($"\r\n--{boundary}--\r\n");
        using var response = await SendAsync(() =>
        {
            var request = Request(HttpMethod.Post, $"{UploadApi}/b/{EscapeName(bucket)}/o?uploadType=multipart");
            var body = new MultipartBody([head, json, middle, content, tail]);
            body.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/related; boundary={boundary}");
            request.Content = body;
            return request;
        }, ObjectStoreErrorKind.BucketNotFound, ct);
        return await ReadJsonAsync<GcsObject>(response, ct);
    }

    /// <summary>Starts a resumable upload session and returns its URI.</summary>
    public async Task<string> StartResumableUploadAsync(string bucket, GcsObject metadata, long size, CancellationToken ct)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(metadata, Json);
        using var response = await SendAsync(() =>
        {
            var request = Request(HttpMethod.Post, $"{UploadApi}/b/{EscapeName(bucket)}/o?uploadType=resumable");
            request.Headers.TryAddWithoutValidation("X-Upload-Content-Length", size.ToString(CultureInfo.InvariantCulture));
            if (!string.IsNullOrEmpty(metadata.ContentType)) request.Headers.TryAddWithoutValidation("X-Upload-Content-Type", metadata.ContentType);
            request.Content = new ByteArrayContent(json);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "UTF-8" };
            return request;
        }, ObjectStoreErrorKind.BucketNotFound, ct);
        return response.Headers.Location?.OriginalString
               ?? throw new ObjectStoreException(ObjectStoreErrorKind.Other, "NoUploadSession", "GCS started a resumable upload without a Location");
    }

    /// <summary>
    /// Sends bytes [<paramref name="offset"/>, offset + chunk.Length) of <paramref name="total"/>. One attempt only:
    /// after a failure the caller asks <see cref="QueryResumableUploadAsync"/> what arrived and resends from there.
    /// </summary>
    public async Task<UploadStatus> PutChunkAsync(string session, ReadOnlyMemory<byte> chunk, long offset, long total, CancellationToken ct)
    {
        var range = chunk.Length == 0 ? $"bytes */{total}" : $"bytes {offset}-{offset + chunk.Length - 1}/{total}";
        return await SendSessionRequestAsync(session, range, chunk, ct);
    }

    /// <summary>Asks a resumable session how many bytes it holds (or for the object when it is complete).</summary>
    public Task<UploadStatus> QueryResumableUploadAsync(string session, long total, CancellationToken ct) =>
        SendSessionRequestAsync(session, $"bytes */{total}", ReadOnlyMemory<byte>.Empty, ct);

    private async Task<UploadStatus> SendSessionRequestAsync(string session, string contentRange, ReadOnlyMemory<byte> chunk, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            // The session URI is the authorization; no retry pipeline here: the caller resynchronizes instead.
            response = await SendAuthorizedAsync(() =>
            {
                var request = Request(HttpMethod.Put, session);
                request.Content = new MultipartBody([chunk]);
                request.Content.Headers.TryAddWithoutValidation("Content-Range", contentRange);
                return request;
            }, HttpCompletionOption.ResponseContentRead, ct);
        }
        catch (Exception e) when (e is not ObjectStoreException && !ct.IsCancellationRequested && GcsErrorMapping.IsTransient(e))
        {
            throw GcsErrorMapping.FromTransport(e);
        }
        using (response)
        {
            if ((int)response.StatusCode == 308) return new UploadStatus(PersistedBytes(response), null);
            if (response.IsSuccessStatusCode) return new UploadStatus(-1, await ReadJsonAsync<GcsObject>(response, ct));
            // A 404/410 here means the session expired, not that an object is missing.
            throw await GcsErrorMapping.FromResponseAsync(response, ObjectStoreErrorKind.Other, ct);
        }
    }

    /// <summary>308's Range: bytes=0-N means N+1 bytes are held; no Range means none.</summary>
    private static long PersistedBytes(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Range", out var values)) return 0;
        var value = values.First();
        var dash = value.LastIndexOf('-');
        return dash > 0 && long.TryParse(value[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var last) ? last + 1 : 0;
    }

    /// <summary>Concatenated buffers as one request body, without copying them into one array.</summary>
    private sealed class MultipartBody(ReadOnlyMemory<byte>[] pieces) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken ct)
        {
            foreach (var piece in pieces) await stream.WriteAsync(piece, ct);
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override bool TryComputeLength(out long length)
        {
            length = pieces.Sum(p => (long)p.Length);
            return true;
        }
    }
}
