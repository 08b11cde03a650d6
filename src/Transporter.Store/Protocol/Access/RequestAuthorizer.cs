using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Transporter.Store.Engine;
using Transporter.Store.Engine.Model;
using Transporter.Identity;
using Transporter.Identity.Policies;
using Transporter.Store.Protocol.Errors;
using Transporter.Store.Protocol.Handlers;
using Transporter.Store.Protocol.Routing;

namespace Transporter.Store.Protocol.Access;

/// <summary>
/// Decides every S3 request, anonymous ones included, as S3 does: an explicit Deny of the bucket policy refuses (the
/// owner may still manage the policy itself); the bucket owner's root and users may do everything else (their IAM
/// policies plug in with the identity work); other callers need an Allow of the bucket policy or an ACL grant (ACLs
/// are ignored under BucketOwnerEnforced, public grants and public policies as the public access block says).
/// </summary>
internal sealed class RequestAuthorizer(StorageEngine engine)
{
    private static readonly ConditionalWeakTable<string, PolicyDocument> Policies = new();

    /// <summary>The root the engine acts for (the bucket's owner once allowed); AccessDenied or NoSuchBucket otherwise.</summary>
    public string Authorize(HttpContext http, Caller? caller, S3Target target, S3Operation operation)
    {
        if (target.Bucket is null || operation is S3Operation.CreateBucket or S3Operation.SpeedTestDownload or S3Operation.SpeedTestUpload)
            return caller?.Root ?? throw new S3Exception("AccessDenied");
        var bucket = engine.FindBucket(target.Bucket);
        // A form upload is authorized by the handler, once it has verified who signed the form's policy.
        if (operation is S3Operation.NotImplemented or S3Operation.MethodNotAllowed or S3Operation.PostObject) return bucket.Owner;
        var versionId = http.Request.Query.TryGetValue("versionId", out var v) ? v.ToString() : null;
        var need = S3Actions.For(operation, versionId is not null);
        if (!Allows(http, caller, bucket, need, target.Key, versionId, operation)) throw new S3Exception("AccessDenied");
        return bucket.Owner;
    }

    /// <summary>One more permission of a request already allowed: each key of DeleteObjects, the source of a copy,
    /// x-amz-bypass-governance-retention.</summary>
    public bool Allows(HttpContext http, Caller? caller, string bucketName, string action, string? key, string? aclPermission = null, bool objectAcl = false, string? versionId = null)
    {
        var bucket = engine.FindBucket(bucketName);
        return Allows(http, caller, bucket, new S3Actions.Need(action, key is not null, aclPermission, objectAcl), key, versionId, null);
    }

    private bool Allows(HttpContext http, Caller? caller, BucketInfo bucket, S3Actions.Need need, string? key, string? versionId, S3Operation? operation)
    {
        var isOwner = caller?.Root == bucket.Owner;
        var policyText = engine.BucketSetting(bucket.Name, BucketSettingNames.Policy);
        // The fast path of nearly every request: the owner, no bucket policy.
        if (isOwner && policyText is null) return true;
        var block = PublicAccessBlock.Decode(engine.BucketSetting(bucket.Name, BucketSettingNames.PublicAccessBlock));
        var decision = PolicyDecision.NotApplicable;
        if (policyText is not null)
        {
            var policy = Policies.GetValue(policyText, static text => PolicyDocument.Parse(text, requirePrincipal: true));
            var resource = "arn:aws:s3:::" + bucket.Name + (need.OnObject && key is not null ? "/" + key : "");
            var request = new PolicyRequest(caller?.Root, caller?.UserName, need.Action, resource,
                name => ConditionValue(name, http, caller, bucket, key, versionId));
            decision = PolicyEvaluator.Evaluate([policy], request);
            // RestrictPublicBuckets: a bucket with a public policy is closed to everyone outside the owner's account.
            if (decision != PolicyDecision.Deny && block.RestrictPublicBuckets && policy.IsPublic && !isOwner) return false;
        }
        if (decision == PolicyDecision.Deny)
        {
            // The owner's root user can always manage the policy, so a policy cannot lock the owner out for good.
            return isOwner && caller!.IsRoot && operation is S3Operation.GetBucketPolicy or S3Operation.PutBucketPolicy or S3Operation.DeleteBucketPolicy;
        }
        if (isOwner || decision == PolicyDecision.Allow) return true;
        if (need.AclPermission is null || AclsDisabled(bucket.Name)) return false;
        var acl = need.UsesObjectAcl && key is not null ? ObjectAcl(bucket, key, versionId) : BucketAcl(bucket);
        // A missing object: a caller who may list the bucket learns it is missing (NoSuchKey), others get AccessDenied.
        if (acl is null) return Allows(http, caller, bucket, new S3Actions.Need("s3:ListBucket", false, "READ", false), null, null, null);
        return acl.Gives(need.AclPermission, caller?.Root, block.IgnorePublicAcls);
    }

    /// <summary>The bucket's ACL (the owner's full control when none was set).</summary>
    public AccessControlList BucketAcl(BucketInfo bucket) =>
        engine.BucketSetting(bucket.Name, BucketSettingNames.Acl) is { } stored ? AccessControlList.Decode(stored) : AccessControlList.Private(bucket.Owner);

    /// <summary>The object's ACL (its owner's full control when none was set); null when the object does not exist.</summary>
    private AccessControlList? ObjectAcl(BucketInfo bucket, string key, string? versionId)
    {
        try
        {
            var info = engine.HeadObject(bucket.Owner, bucket.Name, key, versionId);
            return info.Acl is { } stored ? AccessControlList.Decode(stored) : AccessControlList.Private(info.Writer ?? bucket.Owner);
        }
        catch (StoreException e) when (e.Code is StoreErrorCode.NoSuchKey or StoreErrorCode.NoSuchVersion or StoreErrorCode.MethodNotAllowed)
        {
            return null;
        }
    }

    public bool AclsDisabled(string bucket) => engine.BucketSetting(bucket, BucketSettingNames.OwnershipControls) == ObjectOwnership.BucketOwnerEnforced;

    private IReadOnlyList<string>? ConditionValue(string name, HttpContext http, Caller? caller, BucketInfo bucket, string? key, string? versionId)
    {
        var request = http.Request;
        string? Header(string header) => request.Headers.TryGetValue(header, out var value) && value.Count > 0 ? value.ToString() : null;
        string? Query(string parameter) => request.Query.TryGetValue(parameter, out var value) ? value.ToString() : null;
        IReadOnlyList<string>? One(string? value) => value is null ? null : [value];
        if (name.StartsWith("s3:ExistingObjectTag/", StringComparison.Ordinal))
        {
            if (key is null) return null;
            try
            {
                var tags = engine.GetObjectTags(bucket.Owner, bucket.Name, key, versionId);
                var tagKey = name["s3:ExistingObjectTag/".Length..];
                return One(tags.Tags.FirstOrDefault(t => t.Key == tagKey).Value);
            }
            catch (StoreException)
            {
                return null;
            }
        }
        if (name.StartsWith("s3:RequestObjectTag/", StringComparison.Ordinal))
        {
            var tagKey = name["s3:RequestObjectTag/".Length..];
            return One(TagSet.ParseQueryString(Header("x-amz-tagging")).Tags.FirstOrDefault(t => t.Key == tagKey).Value);
        }
        return name switch
        {
            "aws:SourceIp" => One(http.Connection.RemoteIpAddress is { } ip ? (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString() : null),
            "aws:SecureTransport" => One(request.IsHttps ? "true" : "false"),
            "aws:CurrentTime" => One(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
            "aws:EpochTime" => One(DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
            "aws:UserAgent" => One(Header("User-Agent")),
            "aws:Referer" => One(Header("Referer")),
            "aws:username" => One(caller?.UserName),
            "aws:userid" => One(caller?.UserName),
            "aws:PrincipalAccount" => One(caller?.Root),
            "aws:PrincipalType" => One(caller is null ? "Anonymous" : caller.IsRoot ? "Account" : "User"),
            "s3:prefix" => One(Query("prefix")),
            "s3:delimiter" => One(Query("delimiter")),
            "s3:max-keys" => One(Query("max-keys")),
            "s3:VersionId" => One(versionId),
            "s3:ResourceAccount" => One(bucket.Owner),
            "s3:x-amz-acl" => One(Header("x-amz-acl")),
            "s3:x-amz-server-side-encryption" => One(Header("x-amz-server-side-encryption")),
            "s3:x-amz-copy-source" => One(Header("x-amz-copy-source")),
            "s3:x-amz-metadata-directive" => One(Header("x-amz-metadata-directive")),
            "s3:x-amz-storage-class" => One(Header("x-amz-storage-class")),
            "s3:object-lock-mode" => One(Header("x-amz-object-lock-mode")),
            "s3:object-lock-legal-hold" => One(Header("x-amz-object-lock-legal-hold")),
            "s3:RequestObjectTagKeys" => TagSet.ParseQueryString(Header("x-amz-tagging")).Tags.Select(t => t.Key).ToList(),
            "s3:signatureversion" => One(Header("Authorization")?.StartsWith("AWS ", StringComparison.Ordinal) == true || request.Query.ContainsKey("Signature")
                ? "AWS" : "AWS4-HMAC-SHA256"),
            "s3:authType" => One(request.Headers.ContainsKey("Authorization") ? "REST-HEADER"
                : request.Query.ContainsKey("X-Amz-Signature") || request.Query.ContainsKey("Signature") ? "REST-QUERY-STRING" : null),
            _ => null,
        };
    }
}
