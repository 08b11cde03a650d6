using System.Globalization;
using Transporter.Store.Engine;
using Transporter.Store.Engine.Model;
using Transporter.Store.Protocol.Errors;
using Transporter.Store.Protocol.Xml;

namespace Transporter.Store.Protocol.Handlers;

/// <summary>Object lock: the bucket's configuration and default retention, per-version retention and legal holds,
/// and the lock headers of writes.</summary>
internal sealed partial class S3Handler
{
    private const int MaxConfigurationBytes = 64 * 1024;

    private Task GetObjectLockConfigurationAsync(S3Request r)
    {
        var bucket = engine.GetBucket(r.Owner, r.Bucket);
        if (!bucket.ObjectLockEnabled) throw new S3Exception("ObjectLockConfigurationNotFoundError");
        var xml = new XmlResponse("ObjectLockConfiguration").Element("ObjectLockEnabled", "Enabled");
        if (DefaultRetention(r.Bucket) is { } rule)
        {
            xml.Open("Rule").Open("DefaultRetention").Element("Mode", rule.Mode)
                .Element(rule.Years ? "Years" : "Days", rule.Count).Close().Close();
        }
        return xml.SendAsync(r.Response);
    }

    private async Task PutObjectLockConfigurationAsync(S3Request r)
    {
        var body = await ReadConfigurationAsync(r).ConfigureAwait(false);
        var root = XmlRequestBody.Parse(body);
        if (root.Name.LocalName != "ObjectLockConfiguration") throw new S3Exception("MalformedXML");
        if (root.ChildValue("ObjectLockEnabled")?.Trim() is { } enabled && enabled != "Enabled") throw new S3Exception("MalformedXML");
        var rule = "";
        if (root.Children("Rule").FirstOrDefault() is { } ruleElement)
        {
            var retention = ruleElement.Children("DefaultRetention").FirstOrDefault() ?? throw new S3Exception("MalformedXML");
            var mode = retention.ChildValue("Mode")?.Trim();
            if (mode is not (StorageEngine.Governance or StorageEngine.Compliance)) throw new S3Exception("MalformedXML");
            var days = retention.ChildValue("Days");
            var years = retention.ChildValue("Years");
            if ((days is null) == (years is null)) throw new S3Exception("MalformedXML");
            if (!int.TryParse(days ?? years, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count <= 0)
                throw new S3Exception("InvalidArgument", "Default retention period must be a positive integer value.");
            rule = $"{mode}:{(years is null ? "d" : "y")}:{count}";
        }
        else if (root.ChildValue("ObjectLockEnabled") is null) throw new S3Exception("MalformedXML");
        await engine.EnableObjectLockAsync(r.Owner, r.Bucket, r.Aborted).ConfigureAwait(false);
        await engine.PutBucketSettingAsync(r.Owner, r.Bucket, BucketSettingNames.ObjectLockRule, rule, r.Aborted).ConfigureAwait(false);
        await OkEmptyAsync(r).ConfigureAwait(false);
    }

    private Task GetObjectRetentionAsync(S3Request r)
    {
        StorageEngine.RequireObjectLock(engine.GetBucket(r.Owner, r.Bucket));
        var info = engine.HeadObject(r.Owner, r.Bucket, r.Key, r.QueryValue("versionId"));
        if (info.LockMode is null || info.RetainUntil is null) throw new S3Exception("NoSuchObjectLockConfiguration");
        return new XmlResponse("Retention").Element("Mode", info.LockMode).Element("RetainUntilDate", info.RetainUntil.Value)
            .SendAsync(r.Response);
    }

    private async Task PutObjectRetentionAsync(S3Request r)
    {
        var root = XmlRequestBody.Parse(await ReadConfigurationAsync(r).ConfigureAwait(false));
        if (root.Name.LocalName != "Retention") throw new S3Exception("MalformedXML");
        var mode = root.ChildValue("Mode")?.Trim();
        var dateText = root.ChildValue("RetainUntilDate");
        DateTimeOffset? until = null;
        if (mode is not null || dateText is not null)
        {
            if (mode is not (StorageEngine.Governance or StorageEngine.Compliance)) throw new S3Exception("MalformedXML");
            until = Xml.S3Timestamps.ParseIso(dateText) ?? throw new S3Exception("MalformedXML");
        }
        await engine.PutObjectRetentionAsync(r.Owner, r.Bucket, r.Key, r.QueryValue("versionId"), mode, until, BypassGovernance(r), r.Aborted)
            .ConfigureAwait(false);
        await OkEmptyAsync(r).ConfigureAwait(false);
    }

    private Task GetObjectLegalHoldAsync(S3Request r)
    {
        StorageEngine.RequireObjectLock(engine.GetBucket(r.Owner, r.Bucket));
        var info = engine.HeadObject(r.Owner, r.Bucket, r.Key, r.QueryValue("versionId"));
        return new XmlResponse("LegalHold").Element("Status", info.LegalHold ? "ON" : "OFF").SendAsync(r.Response);
    }

    private async Task PutObjectLegalHoldAsync(S3Request r)
    {
        var root = XmlRequestBody.Parse(await ReadConfigurationAsync(r).ConfigureAwait(false));
        if (root.Name.LocalName != "LegalHold") throw new S3Exception("MalformedXML");
        var on = root.ChildValue("Status")?.Trim() switch
        {
            "ON" => true,
            "OFF" => false,
            _ => throw new S3Exception("MalformedXML"),
        };
        await engine.PutObjectLegalHoldAsync(r.Owner, r.Bucket, r.Key, r.QueryValue("versionId"), on, r.Aborted).ConfigureAwait(false);
        await OkEmptyAsync(r).ConfigureAwait(false);
    }

    /// <summary>A small configuration body, which S3 wants protected by Content-MD5 or an x-amz-checksum-*, verified.</summary>
    private static async Task<byte[]> ReadConfigurationAsync(S3Request r)
    {
        RequireContentDigest(r, "Missing required header for this request: Content-MD5");
        var body = await XmlRequestBody.ReadBytesAsync(r.Auth.Body, MaxConfigurationBytes, r.Aborted).ConfigureAwait(false);
        VerifyBodyDigests(r, body);
        return body;
    }

    /// <summary>InvalidRequest unless Content-MD5 or an additional checksum (header, trailer or SDK algorithm) protects the body.</summary>
    private static void RequireContentDigest(S3Request r, string message)
    {
        if (r.HeaderValue("Content-MD5") is not null || r.HeaderValue("x-amz-sdk-checksum-algorithm") is not null
            || r.HeaderValue("x-amz-trailer") is not null) return;
        foreach (var (name, _) in r.Headers)
            if (name.StartsWith("x-amz-checksum-", StringComparison.OrdinalIgnoreCase) && !name.Equals("x-amz-checksum-mode", StringComparison.OrdinalIgnoreCase)
                && !name.Equals("x-amz-checksum-type", StringComparison.OrdinalIgnoreCase) && !name.Equals("x-amz-checksum-algorithm", StringComparison.OrdinalIgnoreCase))
                return;
        throw new S3Exception("InvalidRequest", message);
    }

    /// <summary>
    /// The lock attributes of a new version: x-amz-object-lock-mode with -retain-until-date (both or neither) and
    /// -legal-hold; without them, the bucket's default retention. Lock headers need Content-MD5 or a checksum on a PUT.
    /// </summary>
    private ObjectWrite WithLock(S3Request r, ObjectWrite write, bool requireDigest)
    {
        var mode = r.HeaderValue("x-amz-object-lock-mode")?.Trim();
        var date = r.HeaderValue("x-amz-object-lock-retain-until-date");
        var hold = r.HeaderValue("x-amz-object-lock-legal-hold")?.Trim();
        if ((mode is null) != (date is null))
            throw new S3Exception("InvalidArgument", "x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied");
        if (mode is not null && mode is not (StorageEngine.Governance or StorageEngine.Compliance))
            throw new S3Exception("InvalidArgument", "Unknown wormMode directive.");
        if (hold is not null && hold is not ("ON" or "OFF")) throw new S3Exception("InvalidArgument", "Legal Hold must be either of 'ON' or 'OFF'");
        if ((mode is not null || hold is not null) && requireDigest)
            RequireContentDigest(r, "Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object requests with Object Lock parameters");
        DateTimeOffset? until = null;
        if (date is not null) until = Xml.S3Timestamps.ParseIso(date) ?? throw new S3Exception("InvalidArgument", "The retain until date must be provided in ISO 8601 format");
        if (mode is null && DefaultRetention(r.Bucket) is { } rule && engine.GetBucket(r.Owner, r.Bucket).ObjectLockEnabled)
        {
            var now = DateTimeOffset.UtcNow;
            (mode, until) = (rule.Mode, rule.Years ? now.AddYears(rule.Count) : now.AddDays(rule.Count));
        }
        return write with { LockMode = mode, RetainUntil = until, LegalHold = hold == "ON" };
    }

    private sealed record RetentionRule(string Mode, bool Years, int Count);

    private RetentionRule? DefaultRetention(string bucket)
    {
        var text = engine.BucketSetting(bucket, BucketSettingNames.ObjectLockRule);
        if (string.IsNullOrEmpty(text)) return null;
        var parts = text.Split(':');
        return new RetentionRule(parts[0], parts[1] == "y", int.Parse(parts[2], CultureInfo.InvariantCulture));
    }
}
