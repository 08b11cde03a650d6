using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Transporter.Testing;
using Xunit.Abstractions;

namespace Transporter.Identity.Tests.Signatures;

/// <summary>Uploads and downloads signed by the AWS SDK for .NET and the AWS CLI, over HTTP and HTTPS, authenticated by the
/// real authenticator in a Kestrel app: the payload modes current clients actually send, aws-chunked and trailers included.</summary>
public class AwsClientSignedRequestTests(ITestOutputHelper output)
{
    private static readonly byte[] Data = RandomNumberGenerator.GetBytes(300_000);
    private static readonly string DataSha256 = Convert.ToHexStringLower(SHA256.HashData(Data));

    [Theory]
    [InlineData(false, true)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public async Task Aws_sdk_put_object_body_arrives_decoded_and_verified(bool https, bool chunked)
    {
        await using var server = await AuthEchoServer.StartAsync(https);
        using var client = Client(server.Url, https);
        await client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = "bucket",
            Key = "dir/sdk object.bin",
            InputStream = new MemoryStream(Data),
            UseChunkEncoding = chunked,
            DisablePayloadSigning = https,
        });
        var record = server.Records.Single(r => r.Method == "PUT");
        output.WriteLine(record.ToString());
        Assert.True(record.Error is null, record.ToString());
        Assert.Equal(("root", 300_000L, 300_000L, DataSha256), (record.Caller!.UserName, record.ContentLength, record.BytesRead, record.BodySha256));
        if (chunked) Assert.StartsWith("STREAMING-", record.ContentSha256Header);
        if (record.ContentSha256Header.EndsWith("-TRAILER", StringComparison.Ordinal))
            Assert.Contains(record.Trailers.Keys, k => k.StartsWith("x-amz-checksum-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Aws_sdk_presigned_url_is_accepted_and_a_wrong_secret_is_refused()
    {
        await using var server = await AuthEchoServer.StartAsync();
        using var client = Client(server.Url, false);
        var url = await client.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = "bucket", Key = "a b+c.txt", Verb = HttpVerb.GET, Expires = DateTime.UtcNow.AddMinutes(5), Protocol = Amazon.S3.Protocol.HTTP,
        });
        using var http = new HttpClient();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync(url)).StatusCode);
        Assert.Equal("AWS4-HMAC-SHA256-QUERY", server.Records.Single().SignatureKind);

        using var forger = S3ClientFactory.For(server.Url, AuthEchoServer.AccessKey, "not-the-secret-000000000000000000000000");
        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => forger.GetObjectMetadataAsync("bucket", "key"));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, error.StatusCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Aws_cli_upload_is_accepted(bool https)
    {
        await using var server = await AuthEchoServer.StartAsync(https);
        var dir = RepoPaths.NewTempDir("aws-cli");
        var file = Path.Combine(dir, "upload.bin");
        await File.WriteAllBytesAsync(file, Data);
        var env = new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = AuthEchoServer.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = AuthEchoServer.SecretKey,
            ["AWS_DEFAULT_REGION"] = "us-east-1",
            ["AWS_CONFIG_FILE"] = Path.Combine(dir, "none"),
            ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(dir, "none"),
            ["PYTHONWARNINGS"] = "ignore",
        };
        var result = await CommandLine.RunAsync("aws",
            ["s3api", "put-object", "--endpoint-url", server.Url, "--no-verify-ssl", "--bucket", "bucket", "--key", "cli/upload.bin", "--body", file],
            env, timeout: TimeSpan.FromMinutes(2));
        var record = server.Records.SingleOrDefault(r => r.Method == "PUT");
        output.WriteLine(record?.ToString());
        Assert.True(result.ExitCode == 0, $"{result.StdErr}\n{record}");
        Assert.Equal((300_000L, DataSha256), (record!.BytesRead, record.BodySha256));
    }

    private static AmazonS3Client Client(string url, bool https)
    {
        var config = new AmazonS3Config { ServiceURL = url, ForcePathStyle = true, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 };
        if (https) config.HttpClientFactory = new TrustingHttpClientFactory();
        return new AmazonS3Client(new BasicAWSCredentials(AuthEchoServer.AccessKey, AuthEchoServer.SecretKey), config);
    }

    /// <summary>The echo server's certificate is self-signed for this test run.</summary>
    private sealed class TrustingHttpClientFactory : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) =>
            new(new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator });
    }
}
