using Transporter.Store.Engine.Model;
using Transporter.Store.Protocol.Errors;
using Transporter.Store.Protocol.Xml;

namespace Transporter.Store.Protocol.Handlers;

/// <summary>PutBucketWebsite, GetBucketWebsite, DeleteBucketWebsite: the same website configuration as the admin API's
/// websiteAccess (index document suffix, error document key), served on TRANSPORTER_WEB_URL. Redirection rules are
/// refused (NotImplemented) rather than stored and ignored.</summary>
internal sealed partial class S3Handler
{
    private Task GetBucketWebsiteAsync(S3Request r)
    {
        engine.GetBucket(r.Owner, r.Bucket);
        var website = engine.GetWebsite(r.Bucket) ?? throw new S3Exception("NoSuchWebsiteConfiguration");
        var xml = new XmlResponse("WebsiteConfiguration").Open("IndexDocument").Element("Suffix", website.IndexDocument).Close();
        if (website.ErrorDocument is { } error) xml.Open("ErrorDocument").Element("Key", error).Close();
        return xml.SendAsync(r.Response);
    }

    private async Task PutBucketWebsiteAsync(S3Request r)
    {
        var body = await XmlRequestBody.ReadBytesAsync(r.Auth.Body, MaxConfigurationBytes, r.Aborted).ConfigureAwait(false);
        VerifyBodyDigests(r, body);
        var root = XmlRequestBody.Parse(body);
        if (root.Name.LocalName != "WebsiteConfiguration") throw new S3Exception("MalformedXML");
        if (root.Children("RedirectAllRequestsTo").Any() || root.Children("RoutingRules").Any())
            throw new S3Exception("NotImplemented", "Redirects and routing rules are not supported by this store's websites.");
        var suffix = root.Children("IndexDocument").FirstOrDefault()?.ChildValue("Suffix");
        if (string.IsNullOrEmpty(suffix) || suffix.Contains('/', StringComparison.Ordinal))
            throw new S3Exception("InvalidArgument", "The IndexDocument Suffix is required and must not contain a slash.");
        var error = root.Children("ErrorDocument").FirstOrDefault()?.ChildValue("Key");
        engine.GetBucket(r.Owner, r.Bucket);
        await engine.SetWebsiteAsync(r.Bucket, new BucketWebsite(suffix, string.IsNullOrEmpty(error) ? null : error), r.Aborted).ConfigureAwait(false);
        await OkEmptyAsync(r).ConfigureAwait(false);
    }

    private async Task DeleteBucketWebsiteAsync(S3Request r)
    {
        engine.GetBucket(r.Owner, r.Bucket);
        await engine.SetWebsiteAsync(r.Bucket, null, r.Aborted).ConfigureAwait(false);
        await NoContentAsync(r).ConfigureAwait(false);
    }
}
