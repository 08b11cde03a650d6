using System.Text;
using Transporter.Identity.Policies;
using Transporter.Store.Protocol.Access;
using Transporter.Store.Protocol.Errors;
using Transporter.Store.Protocol.Xml;

namespace Transporter.Store.Protocol.Handlers;

/// <summary>Bucket policies, policy status, ownership controls and the public access block.</summary>
internal sealed partial class S3Handler
{
    private async Task GetBucketPolicyAsync(S3Request r)
    {
        var policy = engine.GetBucketSetting(r.Owner, r.Bucket, BucketSettingNames.Policy) ?? throw new S3Exception("NoSuchBucketPolicy");
        var bytes = Encoding.UTF8.GetBytes(policy);
        r.Response.StatusCode = 200;
        r.Response.ContentType = "application/json";
        r.Response.ContentLength = bytes.Length;
        await r.Response.Body.WriteAsync(bytes, r.Aborted).ConfigureAwait(false);
    }

    /// <summary>A JSON policy of at most 20 KB whose statements name principals, s3 actions and resources of this bucket.</summary>
    private async Task PutBucketPolicyAsync(S3Request r)
    {
        var body = await XmlRequestBody.ReadBytesAsync(r.Auth.Body, PolicyDocument.MaxBucketPolicyBytes + 1, r.Aborted).ConfigureAwait(false);
        if (body.Length > PolicyDocument.MaxBucketPolicyBytes) throw new S3Exception("MalformedPolicy", "Policies must be no larger than 20 KB.");
        VerifyBodyDigests(r, body);
        var text = Encoding.UTF8.GetString(body);
        PolicyDocument policy;
        try
        {
            policy = PolicyDocument.Parse(text, requirePrincipal: true);
        }
        catch (PolicyException e)
        {
            throw new S3Exception("MalformedPolicy", e.Message);
        }
        foreach (var statement in policy.Statements)
        {
            foreach (var resource in statement.Resources)
                if (!resource.StartsWith("arn:aws:s3:::", StringComparison.Ordinal)
                    || !(resource[13..] == r.Bucket || resource[13..].StartsWith(r.Bucket + "/", StringComparison.Ordinal)
                        || WildcardPattern.Matches(resource[13..], r.Bucket) || WildcardPattern.Matches(resource[13..], r.Bucket + "/x")))
                    throw new S3Exception("MalformedPolicy", "Policy has invalid resource");
            foreach (var action in statement.Actions)
                if (action != "*" && !action.StartsWith("s3:", StringComparison.OrdinalIgnoreCase))
                    throw new S3Exception("MalformedPolicy", "Policy has invalid action");
        }
        if (policy.IsPublic && PublicAccessBlock.Decode(engine.BucketSetting(r.Bucket, BucketSettingNames.PublicAccessBlock)).BlockPublicPolicy)
            throw new S3Exception("AccessDenied", "Access Denied: the bucket's public access block refuses public policies.");
        await engine.PutBucketSettingAsync(r.Owner, r.Bucket, BucketSettingNames.Policy, text, r.Aborted).ConfigureAwait(false);
        await NoContentAsync(r).ConfigureAwait(false);
    }

    private async Task DeleteBucketPolicyAsync(S3Request r)
    {
        await engine.PutBucketSettingAsync(r.Owner, r.Bucket, BucketSettingNames.Policy, null, r.Aborted).ConfigureAwait(false);
        await NoContentAsync(r).ConfigureAwait(false);
    }

    private Task GetBucketPolicyStatusAsync(S3Request r)
    {
        var policy = engine.GetBucketSetting(r.Owner, r.Bucket, BucketSettingNames.Policy) ?? throw new S3Exception("NoSuchBucketPolicy");
        var isPublic = PolicyDocument.Parse(policy, requirePrincipal: true).IsPublic;
        return new XmlResponse("PolicyStatus").Element("IsPublic", isPublic).SendAsync(r.Response);
    }

    private Task GetBucketOwnershipControlsAsync(S3Request r)
    {
        var ownership = engine.GetBucketSetting(r.Owner, r.Bucket, BucketSettingNames.OwnershipControls)
            ?? throw new S3Exception("OwnershipControlsNotFoundError");
        return new XmlResponse("OwnershipControls").Open("Rule").Element("ObjectOwnership", ownership).Close().SendAsync(r.Response);
    }

    private async Task PutBucketOwnershipControlsAsync(S3Request r)
    {
        var root = XmlRequestBody.Parse(await ReadConfigurationAsync(r).ConfigureAwait(false));
        var rules = root.Name.LocalName == "OwnershipControls" ? root.Children("Rule").ToList() : throw new S3Exception("MalformedXML");
        if (rules.Count != 1) throw new S3Exception("MalformedXML");
        var ownership = rules[0].ChildValue("ObjectOwnership")?.Trim();
        if (!ObjectOwnership.IsValid(ownership)) throw new S3Exception("MalformedXML");
        await SetOwnershipAsync(r, ownership!).ConfigureAwait(false);
        await OkEmptyAsync(r).ConfigureAwait(false);
    }

    /// <summary>BucketOwnerEnforced disables ACLs: refused while the bucket's ACL grants anything beyond the owner.</summary>
    private async Task SetOwnershipAsync(S3Request r, string ownership)
    {
        if (ownership == ObjectOwnership.BucketOwnerEnforced && !authorizer.BucketAcl(engine.GetBucket(r.Owner, r.Bucket)).IsCanned("private"))
            throw new S3Exception("InvalidBucketAclWithObjectOwnership");
        await engine.PutBucketSettingAsync(r.Owner, r.Bucket, BucketSettingNames.OwnershipControls, ownership, r.Aborted).ConfigureAwait(false);
    }

    private async Task DeleteBucketOwnershipControlsAsync(S3Request r)
    {
        await engine.PutBucketSettingAsync(r.Owner, r.Bucket, BucketSettingNames.OwnershipControls, null, r.Aborted).ConfigureAwait(false);
        await NoContentAsync(r).ConfigureAwait(false);
    }

    private Task GetPublicAccessBlockAsync(S3Request r)
    {
        var stored = engine.GetBucketSetting(r.Owner, r.Bucket, BucketSettingNames.PublicAccessBlock)
            ?? throw new S3Exception("NoSuchPublicAccessBlockConfiguration");
        var block = PublicAccessBlock.Decode(stored);
        return new XmlResponse("PublicAccessBlockConfiguration")
            .Element("BlockPublicAcls", block.BlockPublicAcls).Element("IgnorePublicAcls", block.IgnorePublicAcls)
            .Element("BlockPublicPolicy", block.BlockPublicPolicy).Element("RestrictPublicBuckets", block.RestrictPublicBuckets)
            .SendAsync(r.Response);
    }

    private async Task PutPublicAccessBlockAsync(S3Request r)
    {
        var root = XmlRequestBody.Parse(await ReadConfigurationAsync(r).ConfigureAwait(false));
        if (root.Name.LocalName != "PublicAccessBlockConfiguration") throw new S3Exception("MalformedXML");
        bool Flag(string name) => root.ChildValue(name)?.Trim().ToLowerInvariant() switch
        {
            null or "false" => false,
            "true" => true,
            _ => throw new S3Exception("MalformedXML"),
        };
        var block = new PublicAccessBlock(Flag("BlockPublicAcls"), Flag("IgnorePublicAcls"), Flag("BlockPublicPolicy"), Flag("RestrictPublicBuckets"));
        await engine.PutBucketSettingAsync(r.Owner, r.Bucket, BucketSettingNames.PublicAccessBlock, block.Encode(), r.Aborted).ConfigureAwait(false);
        await OkEmptyAsync(r).ConfigureAwait(false);
    }

    private async Task DeletePublicAccessBlockAsync(S3Request r)
    {
        await engine.PutBucketSettingAsync(r.Owner, r.Bucket, BucketSettingNames.PublicAccessBlock, null, r.Aborted).ConfigureAwait(false);
        await NoContentAsync(r).ConfigureAwait(false);
    }
}
