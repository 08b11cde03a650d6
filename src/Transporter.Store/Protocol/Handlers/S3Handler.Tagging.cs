using Transporter.Store.Engine.Model;
using Transporter.Store.Protocol.Errors;
using Transporter.Store.Protocol.Xml;

namespace Transporter.Store.Protocol.Handlers;

internal sealed partial class S3Handler
{
    private Task GetObjectTaggingAsync(S3Request r)
    {
        RefuseVersionId(r);
        var tags = engine.GetObjectTags(r.Owner, r.Bucket, r.Key);
        var xml = new XmlResponse("Tagging").Open("TagSet");
        foreach (var (key, value) in tags.Tags) xml.Open("Tag").Element("Key", key).Element("Value", value).Close();
        return xml.Close().SendAsync(r.Response);
    }

    private async Task PutObjectTaggingAsync(S3Request r)
    {
        RefuseVersionId(r);
        var body = await XmlRequestBody.ReadBytesAsync(r.Auth.Body, 64 * 1024, r.Aborted).ConfigureAwait(false);
        VerifyBodyDigests(r, body);
        var root = XmlRequestBody.Parse(body);
        var tagSet = root.Name.LocalName == "Tagging" ? root.Children("TagSet").FirstOrDefault() : null;
        if (tagSet is null) throw new S3Exception("MalformedXML");
        var tags = new List<KeyValuePair<string, string>>();
        foreach (var tag in tagSet.Children("Tag"))
            tags.Add(new(tag.ChildValue("Key") ?? throw new S3Exception("MalformedXML"), tag.ChildValue("Value") ?? ""));
        await engine.PutObjectTagsAsync(r.Owner, r.Bucket, r.Key, new TagSet(tags), r.Aborted).ConfigureAwait(false);
        await OkEmptyAsync(r).ConfigureAwait(false);
    }

    private async Task DeleteObjectTaggingAsync(S3Request r)
    {
        RefuseVersionId(r);
        await engine.DeleteObjectTagsAsync(r.Owner, r.Bucket, r.Key, r.Aborted).ConfigureAwait(false);
        await NoContentAsync(r).ConfigureAwait(false);
    }
}
