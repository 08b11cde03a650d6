namespace Transporter.Core.Endpoints;

/// <summary>The destination "subtype" values of the spec (storage classes), grouped by provider.</summary>
public static class StorageSubtype
{
    public static readonly IReadOnlyDictionary<string, string> Aws = new Dictionary<string, string>
    {
        ["aws-s3-standard"] = "STANDARD",
        ["aws-s3-reduced-redundancy"] = "REDUCED_REDUNDANCY",
        ["aws-s3-standard-infrequent-access"] = "STANDARD_IA",
        ["aws-s3-one-zone-infrequent-access"] = "ONEZONE_IA",
        ["aws-s3-intelligent-tiering"] = "INTELLIGENT_TIERING",
        ["aws-s3-glacier"] = "GLACIER",
        ["aws-s3-glacier-deep-archive"] = "DEEP_ARCHIVE",
    };

    public static readonly IReadOnlyDictionary<string, string> Gcp = new Dictionary<string, string>
    {
        ["gcp-s3-standard"] = "STANDARD",
        ["gcp-s3-nearline"] = "NEARLINE",
        ["gcp-s3-coldline"] = "COLDLINE",
    };

    public static readonly IReadOnlyDictionary<string, string> Azure = new Dictionary<string, string>
    {
        ["azure-s3-hot"] = "Hot",
        ["azure-s3-cool"] = "Cool",
        ["azure-s3-archive"] = "Archive",
    };

    /// <summary>The subtypes a destination of <paramref name="type"/> accepts.</summary>
    public static IReadOnlyDictionary<string, string> For(string type) => type switch
    {
        EndpointType.Azure => Azure,
        EndpointType.Gcp or EndpointType.GcpNative => Gcp,
        _ => Aws,
    };
}
