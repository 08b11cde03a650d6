using Transporter.Testing;

namespace Transporter.Api.Tests.Migrations.Fixtures;

/// <summary>Endpoint documents as users post them (the spec's JSON), pointing at a platform's built-in store.</summary>
public static class Endpoints
{
    public static Dictionary<string, object?> Store(IPlatformUnderTest platform, string bucket, string type = "s3v4") => new()
    {
        ["type"] = type,
        ["accessKey"] = platform.RootAccessKey,
        ["secretKey"] = platform.RootSecretKey,
        ["bucket"] = bucket,
        ["endpoint"] = platform.S3Url,
        ["region"] = "us-east-1",
    };

    /// <summary>A valid POST /migrations body between two buckets of the platform's store.</summary>
    public static Dictionary<string, object?> MigrationBody(IPlatformUnderTest platform, string source = "src", string destination = "dst") => new()
    {
        ["source"] = Store(platform, source),
        ["destination"] = Store(platform, destination),
    };
}
