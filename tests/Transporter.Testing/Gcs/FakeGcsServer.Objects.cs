using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Transporter.Core.Storage;

namespace Transporter.Testing.Gcs;

public sealed partial class FakeGcsServer
{
    /// <summary>objects.list: flat, by UTF-8 byte order, prefix, inclusive startOffset, maxResults, pageToken.</summary>
    private async Task ListObjectsAsync(HttpContext context, RequestInfo info, string bucket)
    {
        JsonArray items;
        string? next = null;
        lock (_lock)
        {
            if (!_buckets.TryGetValue(bucket, out var objects)) { items = null!; }
            else
            {
                var prefix = info.Query.GetValueOrDefault("prefix") ?? "";
                var startOffset = info.Query.GetValueOrDefault("startOffset");
                var after = info.Query.TryGetValue("pageToken", out var token) ? Encoding.UTF8.GetString(Convert.FromBase64String(token)) : null;
                var max = int.TryParse(info.Query.GetValueOrDefault("maxResults"), out var m) ? Math.Min(m, 1000) : 1000;
                var matching = objects.Values
                    .Where(o => o.Name.StartsWith(prefix, StringComparison.Ordinal))
                    .Where(o => startOffset is null || KeyOrder.Instance.Compare(o.Name, startOffset) >= 0)
                    .Where(o => after is null || KeyOrder.Instance.Compare(o.Name, after) > 0)
                    .Take(max + 1).ToList();
                if (matching.Count > max)
                {
                    matching.RemoveAt(max);
                    next = Convert.ToBase64String(Encoding.UTF8.GetBytes(matching[^1].Name));
                }
                items = new JsonArray(matching.Select(o => (JsonNode)o.Resource(bucket)).ToArray());
            }
        }
        if (items is null)
        {
            await BucketMissingAsync(context);
            return;
        }
        var body = new JsonObject { ["kind"] = "storage#objects", ["items"] = items };
        if (next is not null) body["nextPageToken"] = next;
        await context.Response.WriteAsJsonAsync(body);
    }

    /// <summary>objects.get: the resource, 412 conditionNotMet when ifGenerationMatch names another generation.</summary>
    private async Task GetObjectAsync(HttpContext context, RequestInfo info, string bucket, string name)
    {
        JsonObject? resource;
        bool bucketExists;
        long generation = 0;
        lock (_lock)
        {
            bucketExists = _buckets.TryGetValue(bucket, out var objects);
            resource = bucketExists && objects!.TryGetValue(name, out var o) ? o.Resource(bucket) : null;
            if (resource is not null) generation = objects![name].Generation;
        }
        if (!bucketExists) await BucketMissingAsync(context);
        else if (resource is null) await ErrorAsync(context, 404, "notFound", $"No such object: {bucket}/{name}");
        else if (info.Query.TryGetValue("ifGenerationMatch", out var wanted) && wanted != generation.ToString())
            await ErrorAsync(context, 412, "conditionNotMet", "At least one of the pre-conditions you specified did not hold.");
        else await context.Response.WriteAsJsonAsync(resource);
    }

    /// <summary>alt=media: the bytes of a generation, whole or a "bytes=a-b" range (206), 416 past the end.</summary>
    private async Task MediaAsync(HttpContext context, RequestInfo info, string bucket, string name, int? dropAfter)
    {
        StoredObject? o;
        bool bucketExists;
        lock (_lock)
        {
            bucketExists = _buckets.TryGetValue(bucket, out var objects);
            o = bucketExists && objects!.TryGetValue(name, out var found) ? found : null;
        }
        if (!bucketExists) { await BucketMissingAsync(context); return; }
        if (o is null || (info.Query.TryGetValue("generation", out var generation) && generation != o.Generation.ToString()))
        {
            await ErrorAsync(context, 404, "notFound", $"No such object: {bucket}/{name}");
            return;
        }
        var (first, last) = (0L, o.Data.Length - 1L);
        if (info.Range.StartsWith("bytes=", StringComparison.Ordinal))
        {
            var bounds = info.Range["bytes=".Length..].Split('-');
            first = long.Parse(bounds[0]);
            last = bounds[1].Length > 0 ? Math.Min(long.Parse(bounds[1]), o.Data.Length - 1) : o.Data.Length - 1;
            if (first >= o.Data.Length)
            {
                await ErrorAsync(context, 416, "requestedRangeNotSatisfiable", "The requested range cannot be satisfied.");
                return;
            }
            context.Response.StatusCode = 206;
            context.Response.Headers.ContentRange = $"bytes {first}-{last}/{o.Data.Length}";
        }
        context.Response.ContentType = o.Metadata["contentType"]?.GetValue<string>() ?? "application/octet-stream";
        context.Response.Headers["x-goog-generation"] = o.Generation.ToString();
        context.Response.Headers["x-goog-hash"] = o.Composite ? $"crc32c={o.Crc32c}" : $"crc32c={o.Crc32c},md5={o.Md5}";
        context.Response.ContentLength = last - first + 1;
        if (dropAfter is { } sent && sent < last - first + 1)
        {
            await context.Response.Body.WriteAsync(o.Data.AsMemory((int)first, sent));
            await context.Response.Body.FlushAsync();
            context.Abort();
            return;
        }
        await context.Response.Body.WriteAsync(o.Data.AsMemory((int)first, (int)(last - first + 1)));
    }

    /// <summary>objects.rewrite, done in one call: the body's writable fields (when it has any) replace the source's.</summary>
    private async Task RewriteAsync(HttpContext context, string sourceBucket, string sourceName, string bucket, string name)
    {
        var body = context.Request.ContentLength > 0 ? (await JsonNode.ParseAsync(context.Request.Body))?.AsObject() : null;
        StoredObject? source;
        bool bucketsExist;
        lock (_lock)
        {
            bucketsExist = _buckets.TryGetValue(sourceBucket, out var objects) && _buckets.ContainsKey(bucket);
            source = bucketsExist && objects!.TryGetValue(sourceName, out var found) ? found : null;
        }
        if (!bucketsExist) { await BucketMissingAsync(context); return; }
        if (source is null) { await ErrorAsync(context, 404, "notFound", $"No such object: {sourceBucket}/{sourceName}"); return; }
        var metadata = new JsonObject();
        var fromBody = body is not null && WritableFields.Any(f => body[f] is not null && f != "md5Hash");
        foreach (var field in WritableFields)
            if ((fromBody ? body![field] : source.Metadata[field]) is { } value && field != "md5Hash") metadata[field] = value.DeepClone();
        var copy = new StoredObject { Name = name, Data = source.Data, Generation = Interlocked.Increment(ref _generation), Updated = DateTimeOffset.UtcNow, Metadata = metadata };
        JsonObject resource;
        lock (_lock)
        {
            _buckets[bucket][name] = copy;
            resource = copy.Resource(bucket);
        }
        await context.Response.WriteAsJsonAsync(new JsonObject
        {
            ["kind"] = "storage#rewriteResponse",
            ["totalBytesRewritten"] = source.Data.Length.ToString(),
            ["objectSize"] = source.Data.Length.ToString(),
            ["done"] = true,
            ["resource"] = resource,
        });
    }

    private async Task DeleteObjectAsync(HttpContext context, string bucket, string name)
    {
        bool bucketExists, removed;
        lock (_lock)
        {
            bucketExists = _buckets.TryGetValue(bucket, out var objects);
            removed = bucketExists && objects!.Remove(name);
        }
        if (!bucketExists) await BucketMissingAsync(context);
        else if (!removed) await ErrorAsync(context, 404, "notFound", $"No such object: {bucket}/{name}");
        else context.Response.StatusCode = 204;
    }

    /// <summary>buckets.list: the project's buckets, <see cref="BucketPageSize"/> per page.</summary>
    private async Task ListBucketsAsync(HttpContext context, RequestInfo info)
    {
        if (info.Query.GetValueOrDefault("project") != ProjectId)
        {
            await ErrorAsync(context, 400, "invalid", "Invalid project: " + info.Query.GetValueOrDefault("project"));
            return;
        }
        List<string> names;
        lock (_lock) names = _buckets.Keys.Order(StringComparer.Ordinal).ToList();
        var skip = info.Query.TryGetValue("pageToken", out var token) ? int.Parse(token) : 0;
        var page = names.Skip(skip).Take(BucketPageSize).ToList();
        var body = new JsonObject
        {
            ["kind"] = "storage#buckets",
            ["items"] = new JsonArray(page.Select(n => (JsonNode)new JsonObject { ["kind"] = "storage#bucket", ["name"] = n }).ToArray()),
        };
        if (skip + page.Count < names.Count) body["nextPageToken"] = (skip + page.Count).ToString();
        await context.Response.WriteAsJsonAsync(body);
    }
}
