using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Transporter.Bench.SyntheticS3;

// Usage: dotnet Transporter.Bench.SyntheticS3.dll --urls http://127.0.0.1:PORT [--size BYTES]
// Buckets "synthetic-N" list and serve N generated objects; buckets "sink-<anything>" take PUTs (bench/scale/run.sh).
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var app = builder.Build();
var objects = new SyntheticObjects(int.Parse(app.Configuration["size"] ?? "16", CultureInfo.InvariantCulture));
var sinks = new ConcurrentDictionary<string, SinkBucket>(StringComparer.Ordinal);
const int MaxKeys = 1000;

long? GeneratedCount(string bucket) =>
    bucket.StartsWith("synthetic-", StringComparison.Ordinal) && long.TryParse(bucket.AsSpan("synthetic-".Length), NumberStyles.None,
        CultureInfo.InvariantCulture, out var count) ? count : null;
SinkBucket? Sink(string bucket) => bucket.StartsWith("sink-", StringComparison.Ordinal) ? sinks.GetOrAdd(bucket, _ => new SinkBucket()) : null;
IResult Error(int status, string code) =>
    Results.Content($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{code}</Message></Error>", "application/xml",
        statusCode: status);

app.MapMethods("/{bucket}", ["HEAD", "PUT"], (string bucket) =>
    GeneratedCount(bucket) is not null || Sink(bucket) is not null ? Results.Ok() : Error(404, "NoSuchBucket"));

app.MapGet("/{bucket}", (string bucket, HttpRequest request) =>
{
    if (request.Query.ContainsKey("location"))
        return Results.Content("<?xml version=\"1.0\" encoding=\"UTF-8\"?><LocationConstraint xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"/>", "application/xml");
    if (request.Query["list-type"] != "2") return Error(501, "NotImplemented");
    var prefix = request.Query["prefix"].ToString();
    var after = request.Query["continuation-token"].FirstOrDefault() ?? request.Query["start-after"].FirstOrDefault();
    var max = Math.Clamp(int.TryParse(request.Query["max-keys"], out var m) ? m : MaxKeys, 1, MaxKeys);
    var page = new List<(string, long, string)>(max);
    bool truncated;
    if (GeneratedCount(bucket) is { } count)
    {
        var index = Math.Max(SyntheticObjects.FirstAfter(after, count), SyntheticObjects.FirstAtOrAfter(prefix, count));
        for (; index < count && page.Count < max; index++)
        {
            var key = SyntheticObjects.Key(index);
            if (!key.StartsWith(prefix, StringComparison.Ordinal)) break;
            page.Add((key, objects.Size, objects.ETag(index)));
        }
        truncated = index < count && SyntheticObjects.Key(index).StartsWith(prefix, StringComparison.Ordinal);
    }
    else if (Sink(bucket) is { } sink)
    {
        var entries = sink.List(after, max + 1).Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        truncated = entries.Count > max;
        foreach (var (key, index) in entries.Take(max))
            page.Add(index >= 0 ? (key, objects.Size, objects.ETag(index)) : (key, sink.Other(key)!.Value.Size, sink.Other(key)!.Value.ETag));
    }
    else return Error(404, "NoSuchBucket");
    return Results.Content(ListingXml.Write(bucket, prefix, max, page, truncated), "application/xml");
});

app.MapMethods("/{bucket}/{**key}", ["GET", "HEAD"], (string bucket, string key, HttpRequest request, HttpResponse response) =>
{
    if (request.Query.ContainsKey("tagging"))
        return Results.Content("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Tagging><TagSet/></Tagging>", "application/xml");
    var index = SyntheticObjects.IndexOf(key);
    var exists = GeneratedCount(bucket) is { } count ? index >= 0 && index < count : Sink(bucket) is { } sink && index >= 0 && sink.Has(index);
    if (!exists) return Error(404, "NoSuchKey");
    response.Headers.ETag = $"\"{objects.ETag(index)}\"";
    response.Headers.LastModified = SyntheticObjects.Modified.ToString("R", CultureInfo.InvariantCulture);
    response.Headers.AcceptRanges = "bytes";
    var content = objects.Content(index);
    if (HttpMethods.IsHead(request.Method))
    {
        response.ContentLength = content.Length;
        response.ContentType = "application/octet-stream";
        return Results.Empty;
    }
    return Results.Bytes(content, "application/octet-stream", enableRangeProcessing: true);
});

app.MapPut("/{bucket}/{**key}", async (string bucket, string key, HttpRequest request, HttpResponse response) =>
{
    if (Sink(bucket) is not { } sink) return Error(403, "AccessDenied");
    if (request.Query.ContainsKey("tagging")) return Results.Ok();
    var body = await AwsChunkedReader.ReadAsync(request);
    var etag = Convert.ToHexStringLower(MD5.HashData(body));
    var index = SyntheticObjects.IndexOf(key);
    if (index >= 0)
    {
        if (etag != objects.ETag(index)) return Error(400, "BadDigest");
        sink.PutGenerated(index);
    }
    else sink.PutOther(key, body.Length, etag);
    response.Headers.ETag = $"\"{etag}\"";
    return Results.Ok();
});

app.MapDelete("/{bucket}/{**key}", (string bucket, string key) =>
{
    Sink(bucket)?.Delete(key);
    return Results.NoContent();
});

app.Run();
