using Transporter.Store.Protocol.Errors;
using Transporter.Store.Protocol.Logging;
using Transporter.Store.Protocol.Xml;

namespace Transporter.Store.Protocol.Handlers;

/// <summary>Put/GetBucketLogging: server access logs delivered to a target bucket of the same owner.</summary>
internal sealed partial class S3Handler
{
    private const string XsiNamespace = "http://www.w3.org/2001/XMLSchema-instance";

    private Task GetBucketLoggingAsync(S3Request r)
    {
        var xml = new XmlResponse("BucketLoggingStatus");
        if (BucketLoggingTarget.Decode(engine.GetBucketSetting(r.Owner, r.Bucket, BucketSettingNames.Logging)) is { } target)
        {
            xml.Open("LoggingEnabled").Element("TargetBucket", target.Bucket).Element("TargetPrefix", target.Prefix);
            if (target.AccessKeyId is { } accessKey)
                xml.Open("TargetGrants").Open("Grant").OpenTyped("Grantee", XsiNamespace, "AccessKey").Element("ID", accessKey).Close()
                    .Element("Permission", "FULL_CONTROL").Close().Close();
            xml.Close();
        }
        return xml.SendAsync(r.Response);
    }

    /// <summary>An empty BucketLoggingStatus turns logging off; TargetBucket must be another of the owner's buckets.</summary>
    private async Task PutBucketLoggingAsync(S3Request r)
    {
        var body = await XmlRequestBody.ReadBytesAsync(r.Auth.Body, MaxConfigurationBytes, r.Aborted).ConfigureAwait(false);
        VerifyBodyDigests(r, body);
        var root = XmlRequestBody.Parse(body);
        if (root.Name.LocalName != "BucketLoggingStatus") throw new S3Exception("MalformedXML");
        string? stored = null;
        if (root.Children("LoggingEnabled").FirstOrDefault() is { } enabled)
        {
            var targetBucket = enabled.ChildValue("TargetBucket")?.Trim();
            if (string.IsNullOrEmpty(targetBucket)) throw new S3Exception("MalformedXML");
            if (engine.FindBucketOrNull(targetBucket) is not { } target)
                throw new S3Exception("InvalidTargetBucketForLogging", "The target bucket for logging does not exist");
            if (target.Owner != r.Owner)
                throw new S3Exception("InvalidTargetBucketForLogging", "The owner for the bucket to be logged and the target bucket must be the same.");
            var accessKey = enabled.Children("TargetGrants").FirstOrDefault()?.Children("Grant")
                .Select(g => g.Children("Grantee").FirstOrDefault())
                .FirstOrDefault(g => g?.Attribute(System.Xml.Linq.XName.Get("type", XsiNamespace))?.Value == "AccessKey")?.ChildValue("ID")?.Trim();
            stored = new BucketLoggingTarget(targetBucket, enabled.ChildValue("TargetPrefix") ?? "", accessKey).Encode();
        }
        await engine.PutBucketSettingAsync(r.Owner, r.Bucket, BucketSettingNames.Logging, stored, r.Aborted).ConfigureAwait(false);
        await OkEmptyAsync(r).ConfigureAwait(false);
    }
}
