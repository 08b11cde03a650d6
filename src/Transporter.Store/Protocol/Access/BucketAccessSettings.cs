namespace Transporter.Store.Protocol.Access;

/// <summary>PublicAccessBlockConfiguration of a bucket (all false when it has none).</summary>
internal sealed record PublicAccessBlock(bool BlockPublicAcls, bool IgnorePublicAcls, bool BlockPublicPolicy, bool RestrictPublicBuckets)
{
    public static readonly PublicAccessBlock None = new(false, false, false, false);

    /// <summary>The stored form: four 0/1 flags in the order of the properties.</summary>
    public string Encode() => string.Concat(Flag(BlockPublicAcls), Flag(IgnorePublicAcls), Flag(BlockPublicPolicy), Flag(RestrictPublicBuckets));

    public static PublicAccessBlock Decode(string? stored) =>
        stored is { Length: 4 } s ? new(s[0] == '1', s[1] == '1', s[2] == '1', s[3] == '1') : None;

    private static char Flag(bool value) => value ? '1' : '0';
}

/// <summary>ObjectOwnership of a bucket: BucketOwnerEnforced (ACLs disabled), BucketOwnerPreferred, ObjectWriter.</summary>
internal static class ObjectOwnership
{
    public const string BucketOwnerEnforced = "BucketOwnerEnforced";
    public const string BucketOwnerPreferred = "BucketOwnerPreferred";
    public const string ObjectWriter = "ObjectWriter";

    public static bool IsValid(string? value) => value is BucketOwnerEnforced or BucketOwnerPreferred or ObjectWriter;
}
