using Transporter.Identity.Policies;
using Transporter.Store.Engine;
using Transporter.Store.Engine.Model;
using Transporter.Store.Protocol.Handlers;

namespace Transporter.Store.Protocol.Access;

/// <summary>Whether anyone may read a bucket without signing: a public grant in its ACL or a public Allow in its policy
/// (rs-bucket-info's isPublic, and the GUI's Buckets page).</summary>
internal static class BucketPublicity
{
    public static bool IsPublic(StorageEngine engine, BucketInfo bucket)
    {
        if (RequestAuthorizer.BucketAclOf(engine, bucket).IsPublic) return true;
        return engine.BucketSetting(bucket.Name, BucketSettingNames.Policy) is { } policy && PolicyDocument.Parse(policy, requirePrincipal: true).IsPublic;
    }
}
