using Transporter.Core.Endpoints;

namespace Transporter.Api.Gui.Services;

/// <summary>What the endpoint form shows for one endpoint <see cref="EndpointType"/>: only the fields that type needs.</summary>
public sealed record EndpointTypeInfo(
    string Type,
    string Label,
    string AccessKeyLabel,
    string SecretKeyLabel,
    string BucketLabel,
    bool UsesRegion,
    bool UsesKeyFile,
    string? DefaultEndpoint,
    string EndpointPlaceholder)
{
    public bool UsesKeys => !UsesKeyFile;

    /// <summary>forceSSES3 is an S3 request header; only the S3 family can honour it.</summary>
    public bool UsesSseS3 => EndpointType.IsS3Family(Type);

    public static readonly IReadOnlyList<EndpointTypeInfo> All =
    [
        new(EndpointType.Lyve, "Lyve (the built-in store or Lyve Cloud)", "Access key", "Secret key", "Bucket", true, false, null, "https://s3.region.lyvecloud.seagate.com"),
        new(EndpointType.Aws, "Amazon S3", "Access key", "Secret key", "Bucket", true, false, "https://s3.amazonaws.com", "https://s3.eu-central-1.amazonaws.com"),
        new(EndpointType.S3V4, "S3-compatible (Signature V4)", "Access key", "Secret key", "Bucket", true, false, null, "https://s3.example.com"),
        new(EndpointType.S3V2, "S3-compatible (Signature V2, deprecated)", "Access key", "Secret key", "Bucket", false, false, null, "https://s3.example.com"),
        new(EndpointType.Gcp, "Google Cloud Storage (HMAC keys)", "Google access key", "Google secret key", "Bucket", true, false, "https://storage.googleapis.com", "https://storage.googleapis.com"),
        new(EndpointType.GcpNative, "Google Cloud Storage (service-account key file)", "", "", "Bucket", true, true, "https://storage.googleapis.com/storage/v1/", "https://storage.googleapis.com/storage/v1/"),
        new(EndpointType.Azure, "Azure Blob Storage", "Account name", "Account key", "Container", false, false, null, "https://ACCOUNT.blob.core.windows.net"),
    ];

    public static EndpointTypeInfo For(string type) => All.FirstOrDefault(t => t.Type == type) ?? All[0];
}
