using Transporter.Identity.Signatures;
using Transporter.Identity.Signatures.SigV4;
using static Transporter.Identity.Tests.Signatures.AwsSigV4TestSuiteVectors;

namespace Transporter.Identity.Tests.Signatures;

/// <summary>AWS's own SigV4 test suite, verified by the authenticator exactly as a server receives the requests.</summary>
public class AwsSigV4TestSuiteTests
{
    private static Task<AuthTestContext> ContextAsync() => AuthTestContext.CreateAsync(SignedAt, "suite", AccessKeyId, SecretKey);

    [Theory]
    [MemberData(nameof(HeaderSigned), MemberType = typeof(AwsSigV4TestSuiteVectors))]
    public async Task Header_signed_vector_is_accepted(string name, string request)
    {
        var context = await ContextAsync();
        var result = await context.AuthenticateAsync(RawHttpRequest.Parse(request), "service");
        Assert.True(result.Caller is { Root: "suite", AccessKey: AccessKeyId, IsRoot: true }, name);
        Assert.Equal("AWS4-HMAC-SHA256", result.SignatureKind);
    }

    [Theory]
    [MemberData(nameof(QuerySigned), MemberType = typeof(AwsSigV4TestSuiteVectors))]
    public async Task Query_signed_vector_is_accepted(string name, string request)
    {
        var context = await ContextAsync();
        var result = await context.AuthenticateAsync(RawHttpRequest.Parse(request), "service");
        Assert.True(result.Caller?.AccessKey == AccessKeyId, name);
        Assert.Equal("AWS4-HMAC-SHA256-QUERY", result.SignatureKind);
    }

    [Theory]
    [MemberData(nameof(HeaderSigned), MemberType = typeof(AwsSigV4TestSuiteVectors))]
    public async Task Vector_with_one_signature_digit_changed_is_refused(string name, string request)
    {
        var context = await ContextAsync();
        var at = request.IndexOf("Signature=", StringComparison.Ordinal) + "Signature=".Length;
        var tampered = request[..at] + (request[at] == '0' ? '1' : '0') + request[(at + 1)..];
        var error = await Assert.ThrowsAsync<RequestAuthenticationException>(async () => await context.AuthenticateAsync(RawHttpRequest.Parse(tampered), "service"));
        Assert.True(error.Kind == AuthFailureKind.SignatureDoesNotMatch, name);
    }

    [Theory]
    [MemberData(nameof(HeaderSignedUnnormalized), MemberType = typeof(AwsSigV4TestSuiteVectors))]
    public void Unnormalized_vector_matches_under_the_S3_path_rules(string name, string request)
    {
        var parsed = RawHttpRequest.Parse(request);
        var authorization = AuthorizationHeader.Parse(parsed.Header("Authorization").ToString());
        var canonical = CanonicalRequest.Build("GET", CanonicalRequest.Uri(parsed.Path, isS3: true), "",
            CanonicalRequest.Headers(parsed, authorization.SignedHeaders.Split(';')), authorization.SignedHeaders, SigV4Signature.EmptySha256);
        var key = SigV4Signature.DeriveKey(SecretKey, "20150830", "us-east-1", "service");
        var signature = SigV4Signature.Sign(key, SigV4Signature.StringToSign("20150830T123600Z", authorization.Credential.Scope, canonical));
        Assert.True(SigV4Signature.Matches(signature, authorization.Signature), name);
    }

    [Theory]
    [MemberData(nameof(Canonical), MemberType = typeof(AwsSigV4TestSuiteVectors))]
    public void Canonical_uri_and_query_are_the_suites(string rawPath, string rawQuery, string uri, string query)
    {
        Assert.Equal(uri, CanonicalRequest.Uri(rawPath, isS3: false));
        Assert.Equal(query, CanonicalRequest.Query(RawQuery.Parse(rawQuery), excludeSignature: false, reencode: true));
    }

    [Fact]
    public void S3_path_is_encoded_once_and_other_services_encode_it_again()
    {
        // What botocore signs: S3SigV4Auth takes the URL path as sent, SigV4Auth quotes it once more.
        Assert.Equal("/bucket/a%20b/%E2%82%AC%2B", CanonicalRequest.Uri("/bucket/a%20b/%e2%82%ac+", isS3: true));
        Assert.Equal("/migrations/a%2520b", CanonicalRequest.Uri("/migrations/a%20b", isS3: false));
        Assert.Equal("/test%24file.text", CanonicalRequest.Uri("/test$file.text", isS3: true));
    }
}
