using System.Globalization;
using Transporter.Store.Engine.Model;
using Transporter.Store.Protocol.Headers;
using Transporter.Store.Protocol.Xml;

namespace Transporter.Store.Protocol.Handlers;

internal sealed partial class S3Handler
{
    /// <summary>The largest max-buckets S3 accepts.</summary>
    private const int MaxListBuckets = 10000;

    /// <summary>ListBuckets with prefix, max-buckets and continuation-token (the last name of the previous page).</summary>
    private Task ListBucketsAsync(S3Request r)
    {
        var prefix = r.QueryValue("prefix") ?? "";
        var maxBuckets = r.QueryValue("max-buckets") is null ? int.MaxValue : IntParameter(r, "max-buckets", MaxListBuckets, 1, MaxListBuckets);
        if (r.QueryValue("max-buckets") is { } text && int.Parse(text, CultureInfo.InvariantCulture) > MaxListBuckets)
            throw new Errors.S3Exception("InvalidArgument", $"max-buckets must be between 1 and {MaxListBuckets}.");
        var token = r.QueryValue("continuation-token");
        var after = token is null ? null : DecodeContinuationToken(token);
        var regionFilter = r.QueryValue("bucket-region");
        var buckets = engine.ListBuckets(r.Owner)
            .Where(b => b.Name.StartsWith(prefix, StringComparison.Ordinal) && (after is null || string.CompareOrdinal(b.Name, after) > 0))
            .Where(_ => regionFilter is null || regionFilter == region)
            .Take(maxBuckets == int.MaxValue ? int.MaxValue : maxBuckets + 1).ToList();
        var truncated = buckets.Count > maxBuckets;
        if (truncated) buckets.RemoveAt(buckets.Count - 1);
        var xml = new XmlResponse("ListAllMyBucketsResult").Open("Buckets");
        foreach (var bucket in buckets)
            xml.Open("Bucket").Element("Name", bucket.Name).Element("CreationDate", bucket.Created).Element("BucketRegion", region).Close();
        xml.Close().Open("Owner").Element("ID", r.Owner).Element("DisplayName", r.Owner).Close();
        if (truncated) xml.Element("ContinuationToken", EncodeContinuationToken(buckets[^1].Name));
        if (r.QueryValue("prefix") is not null) xml.Element("Prefix", prefix);
        return xml.SendAsync(r.Response);
    }

    private async Task CreateBucketAsync(S3Request r)
    {
        ObjectRequestHeaders.RefuseUnsupported(r.Headers);
        // A key the admin API denied createBucket (Garage's key permission).
        if (CreationGate is not null && r.Caller is { } caller && !await CreationGate.MayCreateBucketAsync(caller, r.Aborted).ConfigureAwait(false))
            throw new Errors.S3Exception("AccessDenied");
        var objectLock = string.Equals(r.HeaderValue("x-amz-bucket-object-lock-enabled"), "true", StringComparison.OrdinalIgnoreCase);
        // A CreateBucketConfiguration (LocationConstraint) is accepted and ignored: this store has one region.
        var body = await XmlRequestBody.ReadBytesAsync(r.Auth.Body, 64 * 1024, r.Aborted).ConfigureAwait(false);
        string? formPolicy = null;
        if (r.Request.HasFormContentType)
            formPolicy = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(System.Text.Encoding.UTF8.GetString(body))
                .TryGetValue("replication-policy", out var field) ? field.ToString() : null;
        else if (body.Length > 0) XmlRequestBody.Parse(body);
        var settings = new Dictionary<string, string>();
        // Lyve: the regions the bucket is replicated to (a query parameter, or a form field of the body).
        if (ParseReplicationPolicy(r.QueryValue("replication-policy") ?? formPolicy) is { } policy)
            settings[BucketSettingNames.ReplicationPolicy] = policy;
        var ownership = r.HeaderValue("x-amz-object-ownership")?.Trim();
        if (ownership is not null)
        {
            if (!Access.ObjectOwnership.IsValid(ownership)) throw new Errors.S3Exception("InvalidArgument", "Invalid x-amz-object-ownership header");
            settings[BucketSettingNames.OwnershipControls] = ownership;
        }
        if (Access.AccessControlList.FromHeaders(r.Headers, r.Owner, r.Owner, rootExists) is { } acl && !acl.IsCanned("private"))
        {
            if (ownership == Access.ObjectOwnership.BucketOwnerEnforced) throw new Errors.S3Exception("InvalidBucketAclWithObjectOwnership");
            settings[BucketSettingNames.Acl] = acl.Encode();
        }
        await engine.CreateBucketAsync(r.Owner, r.Bucket, r.Aborted, objectLock, settings).ConfigureAwait(false);
        r.Response.Headers.Location = "/" + r.Bucket;
        await OkEmptyAsync(r).ConfigureAwait(false);
    }

    private async Task DeleteBucketAsync(S3Request r)
    {
        await engine.DeleteBucketAsync(r.Owner, r.Bucket, r.Aborted).ConfigureAwait(false);
        await NoContentAsync(r).ConfigureAwait(false);
    }

    private Task HeadBucketAsync(S3Request r)
    {
        var usage = engine.GetBucketUsage(r.Owner, r.Bucket);
        r.Response.Headers["X-Lyve-Size"] = usage.Bytes.ToString(CultureInfo.InvariantCulture);
        r.Response.Headers["x-amz-bucket-region"] = region;
        return OkEmptyAsync(r);
    }

    private Task GetBucketLocationAsync(S3Request r)
    {
        engine.GetBucket(r.Owner, r.Bucket);
        // As AWS: us-east-1 is reported as an empty constraint.
        var xml = new XmlResponse("LocationConstraint");
        if (region != "us-east-1") xml.Text(region);
        return xml.SendAsync(r.Response);
    }

    /// <summary>Status Enabled or Suspended; an empty configuration when versioning was never enabled.</summary>
    private Task GetBucketVersioningAsync(S3Request r)
    {
        var xml = new XmlResponse("VersioningConfiguration");
        switch (engine.GetBucket(r.Owner, r.Bucket).Versioning)
        {
            case VersioningState.Enabled: xml.Element("Status", "Enabled").Element("MfaDelete", "Disabled"); break;
            case VersioningState.Suspended: xml.Element("Status", "Suspended").Element("MfaDelete", "Disabled"); break;
        }
        return xml.SendAsync(r.Response);
    }

    /// <summary>Status Enabled or Suspended; MFA delete cannot be enabled here (no MFA devices).</summary>
    private async Task PutBucketVersioningAsync(S3Request r)
    {
        var body = await XmlRequestBody.ReadBytesAsync(r.Auth.Body, 64 * 1024, r.Aborted).ConfigureAwait(false);
        VerifyBodyDigests(r, body);
        var root = XmlRequestBody.Parse(body);
        if (root.Name.LocalName != "VersioningConfiguration") throw new Errors.S3Exception("MalformedXML");
        if (root.ChildValue("MfaDelete")?.Trim() is { } mfa && mfa != "Disabled")
        {
            if (mfa != "Enabled") throw new Errors.S3Exception("MalformedXML");
            throw new Errors.S3Exception("InvalidRequest", "MFA delete cannot be enabled: this store has no MFA devices.");
        }
        var state = root.ChildValue("Status")?.Trim() switch
        {
            "Enabled" => VersioningState.Enabled,
            "Suspended" => VersioningState.Suspended,
            // No Status (only MfaDelete) leaves the state as it is.
            null => engine.GetBucket(r.Owner, r.Bucket).Versioning,
            _ => throw new Errors.S3Exception("MalformedXML"),
        };
        if (state != VersioningState.Unversioned)
            await engine.SetBucketVersioningAsync(r.Owner, r.Bucket, state, r.Aborted).ConfigureAwait(false);
        await OkEmptyAsync(r).ConfigureAwait(false);
    }
}
