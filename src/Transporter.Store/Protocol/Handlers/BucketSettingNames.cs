namespace Transporter.Store.Protocol.Handlers;

/// <summary>The names under which the protocol layer keeps bucket configurations in the engine's bucket settings.</summary>
internal static class BucketSettingNames
{
    /// <summary>Default retention: "MODE:d:N", "MODE:y:N", or "" (object lock on, no default rule).</summary>
    public const string ObjectLockRule = "object-lock";

    public const string Acl = "acl";
    public const string Policy = "policy";
    public const string Cors = "cors";
    public const string Lifecycle = Engine.StorageEngine.LifecycleSetting;
    public const string Encryption = "encryption";
    public const string Tagging = "tagging";
    public const string Logging = "logging";
    public const string OwnershipControls = "ownership-controls";
    public const string PublicAccessBlock = "public-access-block";
    public const string ReplicationPolicy = "replication-policy";
}
