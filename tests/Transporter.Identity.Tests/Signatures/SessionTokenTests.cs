using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Transporter.Identity.Accounts;
using Transporter.Identity.Signatures;

namespace Transporter.Identity.Tests.Signatures;

/// <summary>Temporary (STS) keys on the real authenticator and identity store, with URLs presigned by the AWS SDK for
/// .NET: accepted with their token until the (settable) clock passes their expiry, refused without it or with another.</summary>
public class SessionTokenTests
{
    [Fact]
    public async Task Session_keys_need_their_token_and_expire_with_the_clock()
    {
        var context = await AuthTestContext.CreateAsync(DateTimeOffset.UtcNow, "acme", "ACMEROOTKEY000000001", "acme-secret-0001");
        var session = await context.Identity.Sessions.CreateSessionAsync("acme", "root@acme.example", TimeSpan.FromMinutes(15),
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""");
        Assert.StartsWith("ASIA", session.AccessKeyId);
        Assert.DoesNotContain(session.SessionToken, session.ToString());

        var signed = Presigned(session.AccessKeyId, session.SecretAccessKey, session.SessionToken);
        var result = await context.AuthenticateAsync(signed);
        Assert.True(result.Caller is { Root: "acme", IsRoot: true, IsSession: true, SessionPolicy: not null });

        var wrongToken = Presigned(session.AccessKeyId, session.SecretAccessKey, new string('X', 64));
        Assert.Equal(AuthFailureKind.InvalidToken,
            (await Assert.ThrowsAsync<RequestAuthenticationException>(async () => await context.AuthenticateAsync(wrongToken))).Kind);
        var noToken = Presigned(session.AccessKeyId, session.SecretAccessKey, null);
        Assert.Equal(AuthFailureKind.InvalidToken,
            (await Assert.ThrowsAsync<RequestAuthenticationException>(async () => await context.AuthenticateAsync(noToken))).Kind);

        context.Clock.Now += TimeSpan.FromMinutes(15);
        Assert.Equal(AuthFailureKind.ExpiredToken,
            (await Assert.ThrowsAsync<RequestAuthenticationException>(async () => await context.AuthenticateAsync(signed))).Kind);

        // Only the token's hash is stored.
        var credential = await context.Identity.Keys.LoadCredentialAsync(session.AccessKeyId);
        Assert.Equal(SessionTokens.Hash(session.SessionToken), credential!.SessionTokenHash);
    }

    private static SignedRequest Presigned(string accessKeyId, string secretKey, string? token)
    {
        AWSCredentials credentials = token is null ? new BasicAWSCredentials(accessKeyId, secretKey) : new SessionAWSCredentials(accessKeyId, secretKey, token);
        using var client = new AmazonS3Client(credentials,
            new AmazonS3Config { ServiceURL = "http://127.0.0.1:9", ForcePathStyle = true, AuthenticationRegion = "us-east-1" });
        var url = new Uri(client.GetPreSignedURL(new GetPreSignedUrlRequest
        {
            BucketName = "bucket", Key = "doc.txt", Verb = HttpVerb.GET, Expires = DateTime.UtcNow.AddHours(1), Protocol = Amazon.S3.Protocol.HTTP,
        }));
        return RawHttpRequest.Build("GET", url.PathAndQuery, [("Host", url.Authority)], []);
    }
}
