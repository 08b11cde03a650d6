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
/// Decides every S3 request, anonymous ones included, as S3 and IAM do together: an explicit Deny in the caller's own
/// (identity) policies or in the bucket policy refuses (the owner's root user may still manage the bucket policy
/// itself). Within the bucket owner's root, the root user may do everything and its other users what their attached
/// policies or the bucket policy allow (no statement: refused). Callers of another root need an Allow of the bucket
/// policy or an ACL grant, and, unless they are their root's root user, their own policies' Allow too (ACLs are
/// ignored under BucketOwnerEnforced, public grants and public policies as the public access block says). The
/// session policy of temporary keys narrows the caller's own policies.
/// </summary>
internal sealed class RequestAuthorizer(StorageEngine engine, CallerPolicies callerPolicies)
{
    private static readonly ConditionalWeakTable<string, PolicyDocument> Policies = new();

    /// <summary>Loads the caller's policies so that the synchronous decisions of this request cost no query.</summary>
    public ValueTask PrepareAsync(Caller? caller, CancellationToken ct) => callerPolicies.PrepareAsync(caller, ct);

    /// <summary>True for the root user of <paramref name="owner"/> signing with its own keys: allowed everything there.</summary>
    public static bool IsUnrestrictedOwner(Caller? caller, string owner) => caller is { IsRoot: true, SessionPolicy: null } && caller.Root == owner;

    /// <summary>The root the engine acts for (the bucket's owner once allowed); AccessDenied or NoSuchBucket otherwise.</summary>
    public string Authorize(HttpContext http, Caller? caller, S3Target target, S3Operation operation)
    {
        if (target.Bucket is null || operation is S3Operation.CreateBucket or S3Operation.SpeedTestDownload or S3Operation.SpeedTestUpload)
        {
            if (caller is null) throw new S3Exception("AccessDenied");
            var (action, resource) = operation == S3Operation.CreateBucket
                ? ("s3:CreateBucket", "arn:aws:s3:::" + target.Bucket)
                : ("s3:ListAllMyBuckets", "arn:aws:s3:::*");
            if (operation is S3Operation.CreateBucket or S3Operation.ListBuckets
                && IdentityDecision(http, caller, action, resource, null, null, null) != PolicyDecision.Allow)
                throw new S3Exception("AccessDenied");
            return caller.Root;
        }
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
        var resource = "arn:aws:s3:::" + bucket.Name + (need.OnObject && key is not null ? "/" + key : "");
        var identity = caller is null ? PolicyDecision.NotApplicable : IdentityDecision(http, caller, need.Action, resource, bucket, key, versionId);
        if (identity == PolicyDecision.Deny) return false;
        var policyText = engine.BucketSetting(bucket.Name, BucketSettingNames.Policy);
        // The fast path of nearly every request: the owner's root user (or a user its policies allow), no bucket policy.
        if (isOwner && identity == PolicyDecision.Allow && policyText is null) return true;
        var block = PublicAccessBlock.Decode(engine.BucketSetting(bucket.Name, BucketSettingNames.PublicAccessBlock));
        var decision = PolicyDecision.NotApplicable;
        if (policyText is not null)
        {
            var policy = Policies.GetValue(policyText, static text => PolicyDocument.Parse(text, requirePrincipal: true));
            var request = new PolicyRequest(caller?.Root, caller?.UserName, need.Action, resource,
                name => ConditionValue(name, http, caller, bucket, key, versionId));
            decision = PolicyEvaluator.Evaluate([policy], request);
            // RestrictPublicBuckets: a bucket with a public policy is closed to everyone outside the owner's account.
            if (decision != PolicyDecision.Deny && block.RestrictPublicBuckets && policy.IsPublic && !isOwner) return false;
        }
        if (decision == PolicyDecision.Deny)
        {
            // The owner's root user can always manage the policy, so a policy cannot lock the owner out for good.
            return IsUnrestrictedOwner(caller, bucket.Owner)
                   && operation is S3Operation.GetBucketPolicy or S3Operation.PutBucketPolicy or S3Operation.DeleteBucketPolicy;
        }
        // Within one root either the user's own policies or the bucket policy may allow.
        if (isOwner) return identity == PolicyDecision.Allow || decision == PolicyDecision.Allow;
        // Across roots the caller's own policies must allow as well (a root user's always do).
        if (caller is not null && identity != PolicyDecision.Allow) return false;
        if (decision == PolicyDecision.Allow) return true;
        if (need.AclPermission is null || AclsDisabled(bucket.Name)) return false;
        var acl = need.UsesObjectAcl && key is not null ? ObjectAcl(bucket, key, versionId) : BucketAcl(bucket);
        // A missing object: a caller who may list the bucket learns it is missing (NoSuchKey), others get AccessDenied.
        if (acl is null) return Allows(http, caller, bucket, new S3Actions.Need("s3:ListBucket", false, "READ", false), null, null, null);
        return acl.Gives(need.AclPermission, caller?.Root, block.IgnorePublicAcls);
    }

    /// <summary>What the caller's own policies (and session policy) say; Allow for a root user with its own keys.</summary>
    private PolicyDecision IdentityDecision(HttpContext http, Caller caller, string action, string resource, BucketInfo? bucket, string? key, string? versionId)
    {
        if (caller.IsRoot && caller.SessionPolicy is null) return PolicyDecision.Allow;
        var request = new PolicyRequest(caller.Root, caller.UserName, action, resource,
            name => bucket is null ? GlobalConditionKeys.Value(name, http, caller) : ConditionValue(name, http, caller, bucket, key, versionId));
        return callerPolicies.Decide(caller, request);
    }

    /// <summary>The bucket's ACL (the owner's full control when none was set).</summary>
    public AccessControlList BucketAcl(BucketInfo bucket) => BucketAclOf(engine, bucket);

    public static AccessControlList BucketAclOf(StorageEngine engine, BucketInfo bucket) =>
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
            _ => GlobalConditionKeys.Value(name, http, caller),
        };
    }
}
