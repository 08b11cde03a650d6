using Transporter.Core.Endpoints;
using Transporter.Core.Storage;

namespace Transporter.Connectors.S3;

/// <summary>
/// What one <see cref="S3Client"/> is built for: server, signing dialect, region and credentials. Two buckets with an
/// equal S3Endpoint share one client.
/// </summary>
internal sealed record S3Endpoint(string Type, Uri ServiceUrl, string Region, string AccessKey, string SecretKey)
{
    public const string DefaultRegion = "us-east-1";

    /// <summary>s3v2: requests are signed with AWS Signature Version 2 (see <see cref="S3SigV2SigningHandler"/>).</summary>
    public bool SignsV2 => Type == EndpointType.S3V2;

    /// <summary>gcp: Google Cloud Storage through its S3-interoperable XML API (see <see cref="GcsInteropHandler"/>).</summary>
    public bool IsGcs => Type == EndpointType.Gcp;

    /// <summary>AWS's own endpoints take virtual-host addressing; every other S3 server gets path-style requests.</summary>
    public bool IsAws => ServiceUrl.Host.EndsWith(".amazonaws.com", StringComparison.OrdinalIgnoreCase);

    public bool IsHttps => ServiceUrl.Scheme == Uri.UriSchemeHttps;

    /// <summary>Same server and credentials: the condition for a server-side copy between two buckets.</summary>
    public bool SameServerAndCredentials(S3Endpoint other) =>
        Type == other.Type && ServiceUrl == other.ServiceUrl && AccessKey == other.AccessKey && SecretKey == other.SecretKey;

    public static S3Endpoint From(EndpointConfig config)
    {
        if (string.IsNullOrEmpty(config.Type) || !EndpointType.IsS3Family(config.Type))
            throw Invalid("UnsupportedType", $"endpoint type '{config.Type}' is not served by the S3 provider");
        if (string.IsNullOrEmpty(config.AccessKey) || string.IsNullOrEmpty(config.SecretKey))
            throw Invalid("MissingCredentials", "accessKey and secretKey are required");
        Uri? uri;
        try
        {
            uri = config.EndpointUri();
        }
        catch (UriFormatException e)
        {
            throw Invalid("InvalidEndpoint", $"endpoint '{config.Endpoint}' is not a URL: {e.Message}");
        }
        if (uri is null) throw Invalid("InvalidEndpoint", "endpoint is required");
        // Only scheme, host and port address the service; a path (e.g. ".../storage/v1/") is not part of the S3 API.
        var serviceUrl = new Uri(uri.GetLeftPart(UriPartial.Authority));
        var region = string.IsNullOrWhiteSpace(config.Region) ? DefaultRegion : config.Region.Trim();
        return new S3Endpoint(config.Type, serviceUrl, region, config.AccessKey, config.SecretKey);
    }

    /// <summary>Never prints the secret: endpoints end up in logs and exception messages.</summary>
    public override string ToString() => $"{Type} {ServiceUrl} (key {AccessKey})";

    private static ObjectStoreException Invalid(string code, string message) => new(ObjectStoreErrorKind.InvalidRequest, code, message);
}
