using Amazon.Runtime;
using Amazon.S3;

namespace Transporter.Testing;

/// <summary>AWSSDK.S3 clients pointed at a built-in store, path-style, as a user configures them.</summary>
public static class S3ClientFactory
{
    public static AmazonS3Client For(IPlatformUnderTest platform) => For(platform.S3Url, platform.RootAccessKey, platform.RootSecretKey);

    public static AmazonS3Client For(string serviceUrl, string accessKey, string secretKey) =>
        new(new BasicAWSCredentials(accessKey, secretKey), new AmazonS3Config
        {
            ServiceURL = serviceUrl,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
        });
}
