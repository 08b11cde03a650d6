using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Transporter.Testing.Gcs;

public sealed partial class FakeGcsServer
{
    private const int Granularity = 256 * 1024;
    private static readonly string[] WritableFields = ["contentType", "contentEncoding", "contentLanguage", "contentDisposition", "cacheControl", "storageClass", "metadata", "md5Hash"];
    private readonly Dictionary<string, UploadSession> _sessions = new();

    private long _uploadBytesReceived;

    /// <summary>The bytes each resumable session holds, by upload id (for assertions).</summary>
    public IReadOnlyDictionary<string, long> SessionProgress { get { lock (_lock) return _sessions.ToDictionary(s => s.Key, s => (long)s.Value.Received.Length); } }

    /// <summary>Sessions that still take bytes: neither finished, cancelled nor expired.</summary>
    public int OpenSessions { get { lock (_lock) return _sessions.Values.Count(s => s.Completed is null && !s.Expired); } }

    /// <summary>Bytes of chunk bodies that reached the fake in all sessions, whether or not it kept them (a dropped chunk
    /// counts what was read of it): what the uploads sent.</summary>
    public long UploadBytesReceived => Interlocked.Read(ref _uploadBytesReceived);

    /// <summary>The session expires as GCS's do after a week: every later request about it is answered 410 Gone.</summary>
    public void ExpireSession(string uploadId)
    {
        lock (_lock) _sessions[uploadId].Expired = true;
    }

    /// <summary>The upload id of a session URI (its upload_id parameter).</summary>
    public static string UploadIdOf(string sessionUri) =>
        QueryHelpers.ParseQuery(new Uri(sessionUri).Query)["upload_id"].ToString();

    /// <summary>uploadType=multipart (metadata + media in one multipart/related body) or uploadType=resumable (starts a session).</summary>
    private async Task StartUploadAsync(HttpContext context, RequestInfo info, string bucket)
    {
        bool bucketExists;
        lock (_lock) bucketExists = _buckets.ContainsKey(bucket);
        if (!bucketExists) { await BucketMissingAsync(context); return; }
        switch (info.Query.GetValueOrDefault("uploadType"))
        {
            case "multipart":
            {
                var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(context.Request.ContentType).Boundary).Value!;
                var reader = new MultipartReader(boundary, context.Request.Body);
                var metadataSection = await reader.ReadNextSectionAsync();
                var metadata = JsonNode.Parse(await new StreamReader(metadataSection!.Body).ReadToEndAsync())!.AsObject();
                var mediaSection = await reader.ReadNextSectionAsync();
                using var media = new MemoryStream();
                await mediaSection!.Body.CopyToAsync(media);
                if (metadata["contentType"] is null && mediaSection.ContentType is { } type) metadata["contentType"] = type;
                await FinishAsync(context, bucket, metadata, media.ToArray());
                break;
            }
            case "resumable":
            {
                var metadata = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
                if (metadata["name"] is null) { await ErrorAsync(context, 400, "required", "Required"); return; }
                var id = Guid.NewGuid().ToString("N");
                // The SDK announces the size only for a seekable source; otherwise the last chunk tells it.
                var total = long.TryParse(context.Request.Headers["X-Upload-Content-Length"].ToString(), out var announced) ? announced : -1;
                lock (_lock) _sessions[id] = new UploadSession(bucket, metadata, total);
                context.Response.Headers.Location = $"{BaseUrl}/upload/storage/v1/b/{Uri.EscapeDataString(bucket)}/o?uploadType=resumable&upload_id={id}";
                break;
            }
            default:
                await ErrorAsync(context, 400, "invalid", "Invalid upload type");
                break;
        }
    }

    /// <summary>
    /// A resumable session's PUT: "bytes */total" asks for its state (or, with every byte held, finishes the object:
    /// how an empty or exactly-chunked upload ends); "bytes a-b/total" adds a chunk (bytes it already holds are
    /// skipped), "bytes a-b/*" one whose total is not known yet. Non-final chunks must be multiples of 256 KiB.
    /// 308 + Range tells what it holds.
    /// A scripted drop reads part of the chunk, keeps whole 256 KiB units of it, and aborts the connection.
    /// </summary>
    private async Task PutChunkAsync(HttpContext context, RequestInfo info, int? dropAfter)
    {
        UploadSession? session;
        lock (_lock) _sessions.TryGetValue(info.Query.GetValueOrDefault("upload_id") ?? "", out session);
        if (session is null) { await ErrorAsync(context, 404, "notFound", "No such upload session"); return; }
        if (session.Expired) { await ErrorAsync(context, 410, "gone", "The upload session has expired"); return; }
        var range = info.ContentRange;
        if (session.Completed is not null)
        {
            await context.Response.WriteAsJsonAsync(session.Completed);
            return;
        }
        if (range.StartsWith("bytes */", StringComparison.Ordinal))
        {
            if (long.TryParse(range["bytes */".Length..], out var declared)) session.Total = declared;
            if (session.Total == session.Received.Length)
                session.Completed = await FinishAsync(context, session.Bucket, session.Metadata, session.Received.ToArray());
            else
                await HeldAsync(context, session);
            return;
        }
        var (first, last) = ParseRange(range);
        if (long.TryParse(range[(range.IndexOf('/') + 1)..], out var total)) session.Total = total;
        using var body = new MemoryStream();
        if (dropAfter is { } keep)
        {
            var partial = new byte[keep];
            var read = await context.Request.Body.ReadAtLeastAsync(partial, keep, throwOnEndOfStream: false);
            Interlocked.Add(ref _uploadBytesReceived, read);
            var usable = read / Granularity * Granularity;
            AppendChunk(session, first, partial.AsSpan(0, usable));
            context.Abort();
            return;
        }
        try
        {
            await context.Request.Body.CopyToAsync(body);
        }
        finally
        {
            Interlocked.Add(ref _uploadBytesReceived, body.Length);
        }
        if (body.Length != last - first + 1) { await ErrorAsync(context, 400, "invalid", "Content-Range does not match the body length"); return; }
        var isFinal = last + 1 == session.Total;
        if (!isFinal && body.Length % Granularity != 0)
        {
            await ErrorAsync(context, 400, "invalid", "Invalid request. The number of bytes uploaded is required to be equal or greater than 262144, except for the final request");
            return;
        }
        if (first > session.Received.Length) { await ErrorAsync(context, 400, "invalid", "Invalid request: gap in upload"); return; }
        AppendChunk(session, first, body.GetBuffer().AsSpan(0, (int)body.Length));
        if (session.Received.Length == session.Total)
        {
            var resource = await FinishAsync(context, session.Bucket, session.Metadata, session.Received.ToArray());
            session.Completed = resource;
            return;
        }
        await HeldAsync(context, session);
    }

    /// <summary>DELETE on a session URI cancels the session: GCS answers 499, and the session is gone (404) after.</summary>
    private async Task CancelSessionAsync(HttpContext context, RequestInfo info)
    {
        var id = info.Query.GetValueOrDefault("upload_id") ?? "";
        UploadSession? session;
        lock (_lock) _sessions.Remove(id, out session);
        if (session is null) { await ErrorAsync(context, 404, "notFound", "No such upload session"); return; }
        if (session.Expired) { await ErrorAsync(context, 410, "gone", "The upload session has expired"); return; }
        context.Response.StatusCode = 499;
    }

    private static void AppendChunk(UploadSession session, long first, ReadOnlySpan<byte> chunk)
    {
        var skip = (int)Math.Max(0, session.Received.Length - first);
        if (skip < chunk.Length) session.Received.Write(chunk[skip..]);
    }

    private static Task HeldAsync(HttpContext context, UploadSession session)
    {
        context.Response.StatusCode = 308;
        if (session.Received.Length > 0) context.Response.Headers["Range"] = $"bytes=0-{session.Received.Length - 1}";
        return Task.CompletedTask;
    }

    private static (long First, long Last) ParseRange(string range)
    {
        var spec = range["bytes ".Length..range.IndexOf('/')].Split('-');
        return (long.Parse(spec[0]), long.Parse(spec[1]));
    }

    /// <summary>Stores the object (checking a given md5Hash like GCS) and answers its resource.</summary>
    private async Task<JsonObject?> FinishAsync(HttpContext context, string bucket, JsonObject metadata, byte[] data)
    {
        var md5 = Convert.ToBase64String(MD5.HashData(data));
        if (metadata["md5Hash"]?.GetValue<string>() is { } expected && expected != md5)
        {
            await ErrorAsync(context, 400, "invalid", $"Provided MD5 hash \"{expected}\" doesn't match calculated MD5 hash \"{md5}\".");
            return null;
        }
        var kept = new JsonObject();
        foreach (var field in WritableFields)
            if (metadata[field] is { } value && field != "md5Hash") kept[field] = value.DeepClone();
        var stored = new StoredObject
        {
            Name = metadata["name"]!.GetValue<string>(),
            Data = data,
            Generation = Interlocked.Increment(ref _generation),
            Updated = DateTimeOffset.UtcNow,
            Metadata = kept,
        };
        JsonObject resource;
        lock (_lock)
        {
            _buckets[bucket][stored.Name] = stored;
            resource = stored.Resource(bucket);
        }
        await context.Response.WriteAsJsonAsync(resource);
        return resource;
    }

    private sealed class UploadSession(string bucket, JsonObject metadata, long total)
    {
        public string Bucket { get; } = bucket;
        public JsonObject Metadata { get; } = metadata;
        /// <summary>-1 until a request tells it.</summary>
        public long Total { get; set; } = total;
        public MemoryStream Received { get; } = new();
        public JsonObject? Completed { get; set; }
        public bool Expired { get; set; }
    }
}
