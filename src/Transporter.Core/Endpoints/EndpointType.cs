namespace Transporter.Core.Endpoints;

/// <summary>The "type" values of the spec's cloud endpoint parameters.</summary>
public static class EndpointType
{
    public const string Lyve = "lyve";
    public const string Aws = "aws";
    public const string S3V4 = "s3v4";
    public const string S3V2 = "s3v2";
    /// <summary>Google Cloud Storage with HMAC keys over the S3-interoperable XML API.</summary>
    public const string Gcp = "gcp";
    /// <summary>Google Cloud Storage with a service-account key over the JSON API.</summary>
    public const string GcpNative = "gcp-native";
    public const string Azure = "azure";

    public static readonly IReadOnlyList<string> All = [Lyve, Aws, S3V4, S3V2, Gcp, GcpNative, Azure];

    /// <summary>Types served through the S3 protocol (AWSSDK.S3).</summary>
    public static bool IsS3Family(string type) => type is Lyve or Aws or S3V4 or S3V2 or Gcp;

    public static bool IsKnown(string? type) => type is not null && All.Contains(type);
}
