namespace Transporter.Store.Protocol.Logging;

/// <summary>Where a bucket's access logs go: a bucket of the same owner, a key prefix, and (Lyve) the access key whose
/// name the delivered log objects carry in the configuration's TargetGrants.</summary>
internal sealed record BucketLoggingTarget(string Bucket, string Prefix, string? AccessKeyId)
{
    public string Encode() => string.Join('\n', Bucket, Prefix, AccessKeyId ?? "");

    public static BucketLoggingTarget? Decode(string? stored)
    {
        if (stored is null) return null;
        var parts = stored.Split('\n');
        return new BucketLoggingTarget(parts[0], parts[1], parts[2].Length == 0 ? null : parts[2]);
    }
}
