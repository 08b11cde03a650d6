using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Transporter.Core.Diagnostics;
using Transporter.Store.Engine;
using Transporter.Store.Engine.Model;

namespace Transporter.Store.Website;

/// <summary>
/// Serves buckets with website access (Garage's websiteAccess, set by the admin API's UpdateBucket) on
/// TRANSPORTER_WEB_URL: anonymous GET and HEAD only, the bucket picked by the Host header (a bucket named as the whole
/// host, else the host's first label: photos.web.example.com serves bucket "photos"). A path ending in "/" gets the
/// index document; a missing object gets the error document with 404 (or a plain 404). Every request is metered as the
/// S3 listener's are (transporter_s3_requests_total and transporter_s3_sent_bytes_total, operation "WebsiteGet" or
/// "WebsiteHead"; other methods "WebsiteMethodNotAllowed").
/// </summary>
public static class WebsiteServer
{
    public static WebApplication UseWebsites(this WebApplication app, int port)
    {
        var engine = app.Services.GetRequiredService<StorageEngine>();
        var metrics = app.Services.GetRequiredService<TransporterMetrics>();
        app.MapWhen(ctx => ctx.Connection.LocalPort == port, web => web.Run(async http =>
        {
            http.SetEndpoint(null);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var sent = new Protocol.Metering.CountingResponseBody(http.Features.GetRequiredFeature<IHttpResponseBodyFeature>());
            http.Features.Set<IHttpResponseBodyFeature>(sent);
            try
            {
                await ServeAsync(http, engine).ConfigureAwait(false);
            }
            finally
            {
                var method = http.Request.Method;
                var operation = HttpMethods.IsGet(method) ? "WebsiteGet" : HttpMethods.IsHead(method) ? "WebsiteHead" : "WebsiteMethodNotAllowed";
                metrics.RecordS3Request(operation, http.Response.StatusCode, System.Diagnostics.Stopwatch.GetElapsedTime(started), 0, sent.Count);
            }
        }));
        return app;
    }

    private static async Task ServeAsync(HttpContext http, StorageEngine engine)
    {
        var head = HttpMethods.IsHead(http.Request.Method);
        if (!head && !HttpMethods.IsGet(http.Request.Method))
        {
            http.Response.Headers.Allow = "GET, HEAD";
            await PlainAsync(http, StatusCodes.Status405MethodNotAllowed, "Only GET and HEAD are served.").ConfigureAwait(false);
            return;
        }
        var host = http.Request.Host.Host;
        var bucket = engine.FindBucketOrNull(host) is { } whole && engine.GetWebsite(whole.Name) is not null
            ? whole
            : engine.FindBucketOrNull(host.Split('.')[0]);
        var website = bucket is null ? null : engine.GetWebsite(bucket.Name);
        if (bucket is null || website is null)
        {
            await PlainAsync(http, StatusCodes.Status404NotFound, "No website is served for this host.").ConfigureAwait(false);
            return;
        }
        var key = Uri.UnescapeDataString(http.Request.Path.Value ?? "/").TrimStart('/');
        if (key.Length == 0 || key.EndsWith('/')) key += website.IndexDocument;
        if (await TrySendAsync(http, engine, bucket, key, StatusCodes.Status200OK, head).ConfigureAwait(false)) return;
        if (website.ErrorDocument is { } error && await TrySendAsync(http, engine, bucket, error, StatusCodes.Status404NotFound, head).ConfigureAwait(false))
            return;
        await PlainAsync(http, StatusCodes.Status404NotFound, "Not found.").ConfigureAwait(false);
    }

    /// <summary>Sends the object with <paramref name="status"/>; false when it does not exist or cannot be read
    /// without a customer's key.</summary>
    private static async Task<bool> TrySendAsync(HttpContext http, StorageEngine engine, BucketInfo bucket, string key, int status, bool head)
    {
        StoredObject stored;
        try
        {
            stored = engine.OpenObject(bucket.Owner, bucket.Name, key);
        }
        catch (StoreException)
        {
            return false;
        }
        using (stored)
        {
            http.Response.StatusCode = status;
            http.Response.ContentType = stored.Info.Headers.ContentType ?? "application/octet-stream";
            http.Response.ContentLength = stored.Info.Size;
            http.Response.Headers.ETag = $"\"{stored.Info.ETag}\"";
            http.Response.Headers.LastModified = stored.Info.LastModified.ToString("R");
            if (!head) await stored.CopyToAsync(http.Response.Body, 0, stored.Info.Size, http.RequestAborted).ConfigureAwait(false);
        }
        return true;
    }

    private static Task PlainAsync(HttpContext http, int status, string text)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/plain; charset=utf-8";
        return http.Response.WriteAsync(text + "\n", http.RequestAborted);
    }
}
