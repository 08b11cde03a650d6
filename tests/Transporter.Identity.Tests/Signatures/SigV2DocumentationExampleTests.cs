using Transporter.Identity.Signatures;

namespace Transporter.Identity.Tests.Signatures;

/// <summary>The Signature Version 2 examples of the Amazon S3 documentation ("Signing and authenticating REST requests"),
/// virtual-hosted, CNAME and path style, plus its query-string (presigned) example.</summary>
public class SigV2DocumentationExampleTests
{
    private static readonly DateTimeOffset Day = new(2007, 3, 27, 0, 0, 0, TimeSpan.Zero);

    public static readonly TheoryData<string, string> Examples = new()
    {
        { "19:36:42", "GET /photos/puppy.jpg HTTP/1.1\nHost: johnsmith.s3.amazonaws.com\nDate: Tue, 27 Mar 2007 19:36:42 +0000\nAuthorization: AWS AKIAIOSFODNN7EXAMPLE:bWq2s1WEIj+Ydj0vQ697zp+IXMU=\n\n" },
        { "19:36:42", "GET /johnsmith/photos/puppy.jpg HTTP/1.1\nHost: s3.amazonaws.com\nDate: Tue, 27 Mar 2007 19:36:42 +0000\nAuthorization: AWS AKIAIOSFODNN7EXAMPLE:bWq2s1WEIj+Ydj0vQ697zp+IXMU=\n\n" },
        { "21:15:45", "PUT /photos/puppy.jpg HTTP/1.1\nContent-Type: image/jpeg\nContent-Length: 0\nHost: johnsmith.s3.amazonaws.com\nDate: Tue, 27 Mar 2007 21:15:45 +0000\nAuthorization: AWS AKIAIOSFODNN7EXAMPLE:MyyxeRY7whkBe+bq8fHCL/2kKUg=\n\n" },
        { "19:42:41", "GET /?prefix=photos&max-keys=50&marker=puppy HTTP/1.1\nUser-Agent: Mozilla/5.0\nHost: johnsmith.s3.amazonaws.com\nDate: Tue, 27 Mar 2007 19:42:41 +0000\nAuthorization: AWS AKIAIOSFODNN7EXAMPLE:htDYFYduRNen8P9ZfE/s9SuKy0U=\n\n" },
        { "19:44:46", "GET /?acl HTTP/1.1\nHost: johnsmith.s3.amazonaws.com\nDate: Tue, 27 Mar 2007 19:44:46 +0000\nAuthorization: AWS AKIAIOSFODNN7EXAMPLE:c2WLPFtWHVgbEmeEG93a4cG37dM=\n\n" },
        { "21:06:08", "PUT /db-backup.dat.gz HTTP/1.1\nUser-Agent: curl/7.15.5\nHost: static.johnsmith.net:8080\nDate: Tue, 27 Mar 2007 21:06:08 +0000\nx-amz-acl: public-read\nContent-Type: application/x-download\n" +
            "Content-MD5: 4gJE4saaMU4BqNR0kLY+lw==\nX-Amz-Meta-ReviewedBy: joe@johnsmith.net\nX-Amz-Meta-ReviewedBy: jane@johnsmith.net\nX-Amz-Meta-FileChecksum: 0x02661779\n" +
            "X-Amz-Meta-ChecksumAlgorithm: crc32\nContent-Disposition: attachment; filename=database.dat\nContent-Encoding: gzip\nContent-Length: 0\n" +
            "Authorization: AWS AKIAIOSFODNN7EXAMPLE:ilyl83RwaSoYIEdixDQcA4OnAnc=\n\n" },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Documented_request_is_accepted(string time, string request)
    {
        var context = await ContextAsync(Day + TimeSpan.Parse(time));
        var result = await context.AuthenticateAsync(RawHttpRequest.Parse(request));
        Assert.Equal(("AWS", S3DocumentationExampleTests.AccessKeyId), (result.SignatureKind, result.Caller?.AccessKey));
    }

    [Fact]
    public async Task Documented_request_with_a_changed_header_is_refused()
    {
        var context = await ContextAsync(Day + TimeSpan.Parse("21:15:45"));
        var forged = RawHttpRequest.Parse(((string)Examples.ElementAt(2)[1]).Replace("image/jpeg", "image/png"));
        Assert.Equal(AuthFailureKind.SignatureDoesNotMatch, (await Assert.ThrowsAsync<RequestAuthenticationException>(async () => await context.AuthenticateAsync(forged))).Kind);
    }

    private const string Presigned = "GET /photos/puppy.jpg?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Expires=1175139620&Signature=NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D HTTP/1.1\nHost: johnsmith.s3.amazonaws.com\n\n";

    [Fact]
    public async Task Documented_query_string_request_is_accepted_until_it_expires()
    {
        var context = await ContextAsync(DateTimeOffset.FromUnixTimeSeconds(1175139620 - 60));
        Assert.Equal("AWS-QUERY", (await context.AuthenticateAsync(RawHttpRequest.Parse(Presigned))).SignatureKind);
        context.Clock.Now = DateTimeOffset.FromUnixTimeSeconds(1175139621);
        var error = await Assert.ThrowsAsync<RequestAuthenticationException>(async () => await context.AuthenticateAsync(RawHttpRequest.Parse(Presigned)));
        Assert.Equal((AuthFailureKind.AccessDenied, "Request has expired"), (error.Kind, error.Message));
    }

    [Fact]
    public async Task SigV2_is_accepted_for_the_transporter_api_as_the_spec_says()
    {
        var context = await ContextAsync(Day + TimeSpan.Parse("19:36:42"));
        var result = await context.AuthenticateAsync(RawHttpRequest.Parse((string)Examples.First()[1]), "transporter");
        Assert.Equal("AWS", result.SignatureKind);
    }

    [Fact]
    public async Task SigV2_is_refused_for_other_services()
    {
        var context = await ContextAsync(Day + TimeSpan.Parse("19:36:42"));
        var error = await Assert.ThrowsAsync<RequestAuthenticationException>(async () =>
            await context.AuthenticateAsync(RawHttpRequest.Parse((string)Examples.First()[1]), "sts"));
        Assert.Equal(AuthFailureKind.AccessDenied, error.Kind);
    }

    private static Task<AuthTestContext> ContextAsync(DateTimeOffset now) =>
        AuthTestContext.CreateAsync(now, "docs", S3DocumentationExampleTests.AccessKeyId, S3DocumentationExampleTests.SecretKey);
}
