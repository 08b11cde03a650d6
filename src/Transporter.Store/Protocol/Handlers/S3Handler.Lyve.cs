using System.Security.Cryptography;
using System.Text.Json;
using Transporter.Store.Engine.Model;
using Transporter.Store.Protocol.Errors;
using Transporter.Store.Protocol.Xml;

namespace Transporter.Store.Protocol.Handlers;

/// <summary>The Lyve extras of the spec: bucket replication policies, rs-info, rs-bucket-stats, rs-presign links,
/// the speed tests, and bucket tagging.</summary>
internal sealed partial class S3Handler
{
    /// <summary>The longest rs-presign link Lyve hands out.</summary>
    private static readonly TimeSpan MaxLinkLifetime = TimeSpan.FromDays(30);

    /// <summary>How long the speed tests send or read.</summary>
    private static readonly TimeSpan SpeedTestDuration = TimeSpan.FromSeconds(10);

    /// <summary>The replication-policy a bucket was created with; every region (this store's one) without one.</summary>
    private IReadOnlyList<string> ReplicationPolicy(string bucket) =>
        engine.BucketSetting(bucket, BucketSettingNames.ReplicationPolicy) is { } stored ? stored.Split(',') : [region];

    /// <summary>"DCA02,DEN02,SJC03": region identifiers of letters and digits (InvalidArgument otherwise).</summary>
    private static string? ParseReplicationPolicy(string? value)
    {
        if (value is null) return null;
        var regions = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (regions.Length == 0 || regions.Any(x => x.Length > 64 || !x.All(char.IsAsciiLetterOrDigit)))
            throw new S3Exception("InvalidArgument", "replication-policy must be a comma separated list of region identifiers (e.g. DCA02,DEN02,SJC03).");
        return string.Join(',', regions.Distinct(StringComparer.Ordinal));
    }

    private async Task RsBucketInfoAsync(S3Request r)
    {
        var usage = engine.GetBucketUsage(r.Owner, r.Bucket);
        var isPublic = Access.BucketPublicity.IsPublic(engine, engine.GetBucket(r.Owner, r.Bucket));
        await SendJsonAsync(r, new Dictionary<string, object>
        {
            ["bucketSize"] = usage.Bytes,
            ["replicationPolicy"] = ReplicationPolicy(r.Bucket),
            ["isPublic"] = isPublic,
        }).ConfigureAwait(false);
    }

    private async Task RsBucketStatsAsync(S3Request r)
    {
        var stats = new SortedDictionary<string, object>(StringComparer.Ordinal);
        foreach (var bucket in engine.ListBuckets(r.Owner))
        {
            var usage = engine.GetBucketUsage(r.Owner, bucket.Name);
            stats[bucket.Name] = new Dictionary<string, object>
            {
                ["size"] = usage.Bytes,
                ["objects"] = usage.Objects,
                ["replicationPolicy"] = ReplicationPolicy(bucket.Name),
            };
        }
        await SendJsonAsync(r, stats).ConfigureAwait(false);
    }

    /// <summary>POST /bucket/key?rs-presign with ExpirationDate (form field, at most 30 days ahead): a GET link.</summary>
    private async Task RsPresignAsync(S3Request r)
    {
        if (r.Caller is null) throw new S3Exception("AccessDenied");
        var form = r.Request.HasFormContentType ? await r.Request.ReadFormAsync(r.Aborted).ConfigureAwait(false) : null;
        var text = form?["ExpirationDate"].ToString() is { Length: > 0 } f ? f : r.QueryValue("ExpirationDate");
        var expires = S3Timestamps.ParseIso(text) ?? throw new S3Exception("InvalidArgument", "ExpirationDate must be an ISO 8601 date.");
        var now = DateTimeOffset.UtcNow;
        if (expires <= now) throw new S3Exception("InvalidArgument", "ExpirationDate must be in the future.");
        if (expires > now + MaxLinkLifetime) throw new S3Exception("InvalidArgument", "ExpirationDate cannot be more than 30 days (720h) in the future.");
        engine.HeadObject(r.Owner, r.Bucket, r.Key);
        var link = await linkSigner.SignGetAsync($"{r.Request.Scheme}://{r.Request.Host}", r.Bucket, r.Key, expires, r.Caller.AccessKey, r.Aborted)
            .ConfigureAwait(false);
        await SendJsonAsync(r, new Dictionary<string, object> { ["link"] = link, ["accessKeyId"] = r.Caller.AccessKey }).ConfigureAwait(false);
    }

    /// <summary>GET /speedtest/download: random bytes for ten seconds (or until the client stops reading).</summary>
    private static async Task SpeedTestDownloadAsync(S3Request r)
    {
        r.Response.StatusCode = 200;
        r.Response.ContentType = "application/octet-stream";
        var buffer = RandomNumberGenerator.GetBytes(256 * 1024);
        var until = DateTimeOffset.UtcNow + SpeedTestDuration;
        while (DateTimeOffset.UtcNow < until && !r.Aborted.IsCancellationRequested)
            await r.Response.Body.WriteAsync(buffer, r.Aborted).ConfigureAwait(false);
    }

    /// <summary>PUT /speedtest/upload: the body is read (and dropped) for up to ten seconds.</summary>
    private static async Task SpeedTestUploadAsync(S3Request r)
    {
        var buffer = new byte[256 * 1024];
        var until = DateTimeOffset.UtcNow + SpeedTestDuration;
        while (DateTimeOffset.UtcNow < until && await r.Auth.Body.ReadAsync(buffer, r.Aborted).ConfigureAwait(false) > 0)
        {
        }
        await NoContentAsync(r).ConfigureAwait(false);
    }

    private Task GetBucketTaggingAsync(S3Request r)
    {
        var stored = engine.GetBucketSetting(r.Owner, r.Bucket, BucketSettingNames.Tagging) ?? throw new S3Exception("NoSuchTagSet");
        var xml = new XmlResponse("Tagging").Open("TagSet");
        foreach (var (key, value) in TagSet.ParseQueryString(stored).Tags) xml.Open("Tag").Element("Key", key).Element("Value", value).Close();
        return xml.Close().SendAsync(r.Response);
    }

    private async Task PutBucketTaggingAsync(S3Request r)
    {
        var body = await XmlRequestBody.ReadBytesAsync(r.Auth.Body, MaxConfigurationBytes, r.Aborted).ConfigureAwait(false);
        VerifyBodyDigests(r, body);
        var tags = ParseTagging(body);
        try
        {
            tags.Validate();
        }
        catch (Engine.StoreException e)
        {
            throw new S3Exception("InvalidTag", e.Message);
        }
        await engine.PutBucketSettingAsync(r.Owner, r.Bucket, BucketSettingNames.Tagging, tags.ToQueryString(), r.Aborted).ConfigureAwait(false);
        await OkEmptyAsync(r).ConfigureAwait(false);
    }

    private async Task DeleteBucketTaggingAsync(S3Request r)
    {
        await engine.PutBucketSettingAsync(r.Owner, r.Bucket, BucketSettingNames.Tagging, null, r.Aborted).ConfigureAwait(false);
        await NoContentAsync(r).ConfigureAwait(false);
    }

    private static async Task SendJsonAsync(S3Request r, object value)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value);
        r.Response.StatusCode = 200;
        r.Response.ContentType = "application/json";
        r.Response.ContentLength = bytes.Length;
        await r.Response.Body.WriteAsync(bytes, r.Aborted).ConfigureAwait(false);
    }
}
