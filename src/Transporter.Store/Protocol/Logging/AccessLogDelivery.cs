using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Transporter.Store.Engine;
using Transporter.Store.Engine.Model;
using Transporter.Identity.Signatures;
using Transporter.Store.Protocol.Handlers;
using Transporter.Store.Protocol.Routing;

namespace Transporter.Store.Protocol.Logging;

/// <summary>
/// Server access logging: every request on a bucket whose logging is enabled becomes one line (the spec's format),
/// and the lines are delivered as log objects "PREFIX yyyy-MM-dd-HH-mm-ss-RANDOM" into the target bucket every
/// <c>interval</c> (and when a batch grows past 1 MiB). Delivery is best effort, as in S3.
/// </summary>
internal sealed class AccessLogDelivery(StorageEngine engine, TimeSpan interval, TimeProvider clock, ILogger<AccessLogDelivery> logger) : BackgroundService
{
    private const int FlushBytes = 1 << 20;
    private readonly ConcurrentDictionary<BucketLoggingTarget, ConcurrentQueue<string>> _pending = new();
    private long _pendingBytes;
    private int _flushing;

    /// <summary>Records one finished request when its bucket logs.</summary>
    public void Record(HttpContext context, S3Target target, S3Operation operation, AuthResult? auth, string requestId, string? errorCode, long startTimestamp)
    {
        if (target.Bucket is null || engine.BucketSetting(target.Bucket, BucketSettingNames.Logging) is not { } stored) return;
        if (BucketLoggingTarget.Decode(stored) is not { } destination) return;
        var owner = engine.FindBucketOrNull(target.Bucket)?.Owner ?? "-";
        var elapsed = (long)clock.GetElapsedTime(startTimestamp).TotalMilliseconds;
        var request = context.Request;
        var response = context.Response;
        var raw = request.Path + request.QueryString;
        var line = string.Join(' ',
            owner, target.Bucket, clock.GetUtcNow().ToString("'['dd/MMM/yyyy:HH:mm:ss '+0000]'", CultureInfo.InvariantCulture),
            Quote(context.Connection.RemoteIpAddress?.ToString()), Quote(auth?.Caller?.AccessKey), Quote(requestId),
            "s3:" + operation, Quote(target.Key), Quote($"{request.Method} {raw} {request.Protocol}"), Quote(response.StatusCode.ToString(CultureInfo.InvariantCulture)),
            Quote(errorCode), (response.ContentLength ?? 0).ToString(CultureInfo.InvariantCulture), Quote((request.ContentLength ?? 0).ToString(CultureInfo.InvariantCulture)),
            elapsed.ToString(CultureInfo.InvariantCulture), elapsed.ToString(CultureInfo.InvariantCulture),
            Quote(request.Headers.Referer.ToString()), Quote(request.Headers.UserAgent.ToString()), request.Query["versionId"].ToString() is { Length: > 0 } v ? v : "-",
            "-", auth?.SignatureKind switch { null => "-", var k when k.StartsWith("AWS4", StringComparison.Ordinal) => "SigV4", _ => "SigV2" },
            request.IsHttps ? "SSL" : "-", auth?.SignatureKind switch { null => "-", var k when k.EndsWith("QUERY", StringComparison.Ordinal) => "QueryString", _ => "AuthHeader" },
            "-", Quote(null));
        _pending.GetOrAdd(destination, _ => new ConcurrentQueue<string>()).Enqueue(line);
        if (Interlocked.Add(ref _pendingBytes, line.Length + 1) > FlushBytes && Interlocked.CompareExchange(ref _flushing, 1, 0) == 0)
        {
            _ = Task.Run(async () =>
            {
                try { await FlushAsync(CancellationToken.None).ConfigureAwait(false); }
                finally { Volatile.Write(ref _flushing, 0); }
            });
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
                await FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        await FlushAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Writes every pending batch as one log object in its target bucket.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        foreach (var (destination, queue) in _pending)
        {
            var text = new StringBuilder();
            while (queue.TryDequeue(out var line)) text.Append(line).Append('\n');
            if (text.Length == 0) continue;
            Interlocked.Add(ref _pendingBytes, -text.Length);
            var key = destination.Prefix + clock.GetUtcNow().ToString("yyyy-MM-dd-HH-mm-ss-", CultureInfo.InvariantCulture)
                + Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
            try
            {
                if (engine.FindBucketOrNull(destination.Bucket) is not { } bucket) continue;
                var bytes = Encoding.UTF8.GetBytes(text.ToString());
                await engine.PutObjectAsync(bucket.Owner, bucket.Name, key, new MemoryStream(bytes), bytes.Length,
                    new ObjectWrite { Headers = new ObjectHeaders { ContentType = "text/plain" } }, WriteIntegrity.None, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is StoreException or IOException)
            {
                logger.LogWarning(e, "Access logs for {Bucket}/{Prefix} could not be delivered", destination.Bucket, destination.Prefix);
            }
        }
    }

    private static string Quote(string? value) => string.IsNullOrEmpty(value) ? "\"-\"" : "\"" + value.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
