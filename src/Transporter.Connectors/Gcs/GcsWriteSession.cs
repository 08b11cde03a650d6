using System.Net;
using Google;
using Google.Apis.Upload;
using Transporter.Core.Storage;

namespace Transporter.Connectors.Gcs;

/// <summary>
/// One GCS resumable upload session (<see cref="IWriteSession"/>), named by its session URI. The bytes go through the
/// SDK's resumable upload one chunk at a time (<see cref="GcsSessionUpload"/>): from the first byte as a forward-only
/// stream, whose failed chunk the SDK resends from its own buffer; or, continuing a session, from the byte it holds, as
/// the seekable content the SDK wants for that (<see cref="GcsResumedContent"/>, which keeps one chunk to resend). The
/// status query and the cancellation are one request each, with the SDK's authorized HTTP client.
/// </summary>
internal sealed class GcsWriteSession(GcsEndpoint endpoint, Uri session, long size, int chunkSize) : IWriteSession
{
    public string UploadId => session.AbsoluteUri;

    /// <summary>The resumable protocol's status query: PUT with <c>Content-Range: bytes */SIZE</c>, answered 308 with
    /// <c>Range: bytes=0-N</c> (none when it holds nothing); 200/201 once the object is finished, 404/410 once the session
    /// is gone.</summary>
    public async Task<long> HeldBytesAsync(CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, session) { Content = new ByteArrayContent([]) };
        request.Content.Headers.TryAddWithoutValidation("Content-Range", $"bytes */{size}");
        using var response = await SendAsync(request, ct);
        return (int)response.StatusCode switch
        {
            308 => HeldBy(response),
            200 or 201 => throw new ObjectStoreException(ObjectStoreErrorKind.NotFound, "sessionFinished", "the upload session already finished its object"),
            _ => throw await ErrorAsync(response),
        };
    }

    public async Task<ObjectWriteResult> WriteAsync(long offset, Stream content, CancellationToken ct)
    {
        if (offset < 0 || offset > size) throw new ArgumentOutOfRangeException(nameof(offset), $"0..{size}");
        // Exactly the rest of the object: a source that ends early fails the upload before it is finished.
        using var rest = new UploadContent(content, size - offset, hash: false);
        await using var body = offset == 0 ? (Stream)rest : new GcsResumedContent(rest, offset, size, chunkSize);
        var upload = new GcsSessionUpload(endpoint.Client.Service, session, body) { ChunkSize = chunkSize };
        var written = await GcsErrorMapping.RunAsync(async () =>
        {
            // A new session goes from the first byte; a continued one asks the session where it stands, then goes on.
            UploadProgress.ThrowOnFailure(offset == 0 ? await upload.UploadAsync(ct) : await upload.ResumeAsync(session, ct));
            return upload.ResponseBody ?? throw new ObjectStoreException(ObjectStoreErrorKind.Other, "noObjectResource", "GCS finished the upload without the object resource");
            // A 404 here is the session's (gone: cancelled or expired), not the bucket's, unless GCS says the bucket is missing.
        }, ObjectStoreErrorKind.NotFound, ct);
        return new ObjectWriteResult(written.ETag, written.Md5Hash, ServerSideEncrypted: true, Crc32c: written.Crc32c);
    }

    /// <summary>DELETE on the session URI cancels it (GCS answers 499); a session already gone answers 404 or 410.</summary>
    public async Task AbortAsync(CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, session);
        using var response = await SendAsync(request, ct);
        if ((int)response.StatusCode is 499 or 404 or 410 || response.IsSuccessStatusCode) return;
        throw await ErrorAsync(response);
    }

    private Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct) =>
        GcsErrorMapping.RunAsync(() => endpoint.Client.Service.HttpClient.SendAsync(request, ct), ObjectStoreErrorKind.NotFound, ct);

    private static long HeldBy(HttpResponseMessage response)
    {
        // "bytes=0-N": N + 1 bytes are held.
        var range = response.Headers.TryGetValues("Range", out var values) ? values.FirstOrDefault() : null;
        if (range is null) return 0;
        var dash = range.LastIndexOf('-');
        return dash > 0 && long.TryParse(range[(dash + 1)..], out var last) ? last + 1
            : throw new ObjectStoreException(ObjectStoreErrorKind.Other, "invalidRange", $"the session answered Range: {range}");
    }

    /// <summary>An error answer as the SDK would raise it (Google's reason and message), then as the connector's error; a
    /// session that expired (410) or was cancelled (404) is NotFound.</summary>
    private async Task<ObjectStoreException> ErrorAsync(HttpResponseMessage response)
    {
        var service = endpoint.Client.Service;
        var error = new GoogleApiException(service.Name)
        {
            Error = await service.DeserializeError(response),
            HttpStatusCode = response.StatusCode,
        };
        return response.StatusCode == HttpStatusCode.Gone
            ? new ObjectStoreException(ObjectStoreErrorKind.NotFound, "sessionExpired", error.Error?.Message ?? "the upload session expired", error)
            : GcsErrorMapping.ToObjectStoreException(error, ObjectStoreErrorKind.NotFound);
    }
}
