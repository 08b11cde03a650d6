using System.Globalization;
using Transporter.Store.Protocol.Headers;
using Transporter.Store.Protocol.Xml;

namespace Transporter.Store.Protocol.Handlers;

internal sealed partial class S3Handler
{
    private Task ListBucketsAsync(S3Request r)
    {
        var xml = new XmlResponse("ListAllMyBucketsResult")
            .Open("Owner").Element("ID", r.Owner).Element("DisplayName", r.Owner).Close()
            .Open("Buckets");
        foreach (var bucket in engine.ListBuckets(r.Owner))
            xml.Open("Bucket").Element("Name", bucket.Name).Element("CreationDate", bucket.Created).Close();
        return xml.Close().SendAsync(r.Response);
    }

    private async Task CreateBucketAsync(S3Request r)
    {
        ObjectRequestHeaders.RefuseUnsupported(r.Headers);
        if (string.Equals(r.HeaderValue("x-amz-bucket-object-lock-enabled"), "true", StringComparison.OrdinalIgnoreCase))
            throw new Errors.S3Exception("NotImplemented", "Object lock is not implemented by this store.");
        // A CreateBucketConfiguration (LocationConstraint) is accepted and ignored: this store has one region.
        var body = await XmlRequestBody.ReadBytesAsync(r.Auth.Body, 64 * 1024, r.Aborted).ConfigureAwait(false);
        if (body.Length > 0) XmlRequestBody.Parse(body);
        await engine.CreateBucketAsync(r.Owner, r.Bucket, r.Aborted).ConfigureAwait(false);
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

    /// <summary>Versioning was never enabled (clients such as rclone ask before they list).</summary>
    private Task GetBucketVersioningAsync(S3Request r)
    {
        engine.GetBucket(r.Owner, r.Bucket);
        return new XmlResponse("VersioningConfiguration").SendAsync(r.Response);
    }
}
