using Transporter.Store.Engine.Model;
using Transporter.Store.Protocol.Access;
using Transporter.Store.Protocol.Errors;
using Transporter.Store.Protocol.Xml;

namespace Transporter.Store.Protocol.Handlers;

/// <summary>Access control lists of buckets and objects: Get/Put, and the ACL headers of writes (canned x-amz-acl or
/// x-amz-grant-*), under the bucket's ownership controls and public access block.</summary>
internal sealed partial class S3Handler
{
    private Task GetBucketAclAsync(S3Request r)
    {
        var bucket = engine.GetBucket(r.Owner, r.Bucket);
        return SendAclAsync(r, authorizer.BucketAcl(bucket));
    }

    private async Task PutBucketAclAsync(S3Request r)
    {
        var acl = await ReadAclAsync(r, r.Owner).ConfigureAwait(false);
        await engine.PutBucketSettingAsync(r.Owner, r.Bucket, BucketSettingNames.Acl, acl.Encode(), r.Aborted).ConfigureAwait(false);
        await OkEmptyAsync(r).ConfigureAwait(false);
    }

    private Task GetObjectAclAsync(S3Request r)
    {
        var versionId = r.QueryValue("versionId");
        var info = engine.HeadObject(r.Owner, r.Bucket, r.Key, versionId);
        WriteVersionId(r, versionId);
        return SendAclAsync(r, info.Acl is { } stored ? AccessControlList.Decode(stored) : AccessControlList.Private(info.Writer ?? r.Owner));
    }

    private async Task PutObjectAclAsync(S3Request r)
    {
        var versionId = r.QueryValue("versionId");
        var info = engine.HeadObject(r.Owner, r.Bucket, r.Key, versionId);
        var acl = await ReadAclAsync(r, info.Writer ?? r.Owner).ConfigureAwait(false);
        await engine.PutObjectAclAsync(r.Owner, r.Bucket, r.Key, versionId, acl.Encode(), r.Aborted).ConfigureAwait(false);
        WriteVersionId(r, versionId);
        await OkEmptyAsync(r).ConfigureAwait(false);
    }

    /// <summary>The new ACL of a PutBucketAcl/PutObjectAcl: headers or an AccessControlPolicy body, refused when ACLs
    /// are disabled or it would make the resource public under BlockPublicAcls.</summary>
    private async Task<AccessControlList> ReadAclAsync(S3Request r, string owner)
    {
        if (authorizer.AclsDisabled(r.Bucket)) throw new S3Exception("AccessControlListNotSupported");
        var fromHeaders = AccessControlList.FromHeaders(r.Headers, owner, r.Owner, rootExists);
        var body = await XmlRequestBody.ReadBytesAsync(r.Auth.Body, MaxConfigurationBytes, r.Aborted).ConfigureAwait(false);
        VerifyBodyDigests(r, body);
        if (fromHeaders is not null && body.Length > 0)
            throw new S3Exception("UnexpectedContent", "This request does not support content");
        var acl = fromHeaders ?? (body.Length > 0 ? AccessControlList.FromXml(body, owner, rootExists) : throw new S3Exception("MissingSecurityHeader"));
        RefusePublicAcl(r, acl);
        return acl;
    }

    private void RefusePublicAcl(S3Request r, AccessControlList acl)
    {
        if (acl.IsPublic && PublicAccessBlock.Decode(engine.BucketSetting(r.Bucket, BucketSettingNames.PublicAccessBlock)).BlockPublicAcls)
            throw new S3Exception("AccessDenied", "Access Denied: the bucket's public access block refuses public ACLs.");
    }

    private static Task SendAclAsync(S3Request r, AccessControlList acl)
    {
        var bytes = acl.ToXml();
        r.Response.StatusCode = 200;
        r.Response.ContentType = "application/xml";
        r.Response.ContentLength = bytes.Length;
        return r.Response.Body.WriteAsync(bytes, r.Aborted).AsTask();
    }

    /// <summary>
    /// The owner and ACL of a new object: written by another root, the object is that root's (ObjectWriter, or
    /// BucketOwnerPreferred without bucket-owner-full-control), else the bucket owner's; its ACL from the request's
    /// headers (AccessControlListNotSupported under BucketOwnerEnforced except bucket-owner-full-control).
    /// </summary>
    private ObjectWrite WithAcl(S3Request r, ObjectWrite write)
    {
        var ownership = engine.BucketSetting(r.Bucket, BucketSettingNames.OwnershipControls) ?? ObjectOwnership.ObjectWriter;
        var canned = r.HeaderValue("x-amz-acl")?.Trim();
        var hasGrants = r.Headers.Keys.Any(h => h.StartsWith("x-amz-grant-", StringComparison.OrdinalIgnoreCase));
        if (ownership == ObjectOwnership.BucketOwnerEnforced)
        {
            if (hasGrants || canned is not (null or "bucket-owner-full-control" or "private")) throw new S3Exception("AccessControlListNotSupported");
            return write;
        }
        var writer = r.CallerRoot is { } caller && caller != r.Owner
            && !(ownership == ObjectOwnership.BucketOwnerPreferred && canned == "bucket-owner-full-control") ? caller : null;
        var acl = AccessControlList.FromHeaders(r.Headers, writer ?? r.Owner, r.Owner, rootExists);
        if (acl is not null) RefusePublicAcl(r, acl);
        // The private default is not stored: an object without an ACL is its owner's alone.
        var stored = acl is null || acl.IsCanned("private") ? null : acl.Encode();
        return write with { Acl = stored, Writer = writer };
    }
}
