using Transporter.Store.Engine.Model;
using Transporter.Store.Protocol.Errors;
using Transporter.Store.Protocol.Xml;

namespace Transporter.Store.Protocol.Handlers;

internal sealed partial class S3Handler
{
    private Task GetObjectTaggingAsync(S3Request r)
    {
        var versionId = r.QueryValue("versionId");
        var tags = engine.GetObjectTags(r.Owner, r.Bucket, r.Key, versionId);
        WriteVersionId(r, versionId);
        var xml = new XmlResponse("Tagging").Open("TagSet");
        foreach (var (key, value) in tags.Tags) xml.Open("Tag").Element("Key", key).Element("Value", value).Close();
        return xml.Close().SendAsync(r.Response);
    }

    private async Task PutObjectTaggingAsync(S3Request r)
    {
        var versionId = r.QueryValue("versionId");
        var body = await XmlRequestBody.ReadBytesAsync(r.Auth.Body, 64 * 1024, r.Aborted).ConfigureAwait(false);
        VerifyBodyDigests(r, body);
        await engine.PutObjectTagsAsync(r.Owner, r.Bucket, r.Key, ParseTagging(body), r.Aborted, versionId).ConfigureAwait(false);
        WriteVersionId(r, versionId);
        await OkEmptyAsync(r).ConfigureAwait(false);
    }

    private async Task DeleteObjectTaggingAsync(S3Request r)
    {
        var versionId = r.QueryValue("versionId");
        await engine.DeleteObjectTagsAsync(r.Owner, r.Bucket, r.Key, r.Aborted, versionId).ConfigureAwait(false);
        WriteVersionId(r, versionId);
        await NoContentAsync(r).ConfigureAwait(false);
    }

    /// <summary>A &lt;Tagging&gt;&lt;TagSet&gt; document (objects and buckets); MalformedXML otherwise.</summary>
    private static TagSet ParseTagging(byte[] body)
    {
        var root = XmlRequestBody.Parse(body);
        var tagSet = root.Name.LocalName == "Tagging" ? root.Children("TagSet").FirstOrDefault() : null;
        if (tagSet is null) throw new S3Exception("MalformedXML");
        var tags = new List<KeyValuePair<string, string>>();
        foreach (var tag in tagSet.Children("Tag"))
            tags.Add(new(tag.ChildValue("Key") ?? throw new S3Exception("MalformedXML"), tag.ChildValue("Value") ?? ""));
        return new TagSet(tags);
    }
}
