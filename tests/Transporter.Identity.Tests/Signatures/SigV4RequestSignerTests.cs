using Transporter.Identity.Signatures.SigV4;

namespace Transporter.Identity.Tests.Signatures;

/// <summary>The client side of SigV4 (the lean S3 data path's signer) gives the signatures of the Amazon S3 API
/// reference's examples, which the authenticator accepts (<see cref="S3DocumentationExampleTests"/>).</summary>
public class SigV4RequestSignerTests
{
    private const string Empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private const string Credential = "Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request";
    private static readonly SigV4RequestSigner Signer = new(S3DocumentationExampleTests.AccessKeyId, S3DocumentationExampleTests.SecretKey, "us-east-1", "s3");

    [Fact]
    public void Signs_the_documented_ranged_get_whatever_the_order_and_case_of_the_headers()
    {
        var amzDate = SigV4RequestSigner.AmzDate(S3DocumentationExampleTests.SignedAt);
        var authorization = Signer.Authorization("GET", "/test.txt", "",
            [new("X-Amz-Date", amzDate), new("Range", "bytes=0-9"), new("x-amz-content-sha256", Empty), new("Host", "examplebucket.s3.amazonaws.com")],
            Empty, amzDate);

        Assert.Equal("20130524T000000Z", amzDate);
        Assert.Equal($"AWS4-HMAC-SHA256 {Credential}, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, " +
                     "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41", authorization);
    }

    [Fact]
    public void Signs_the_documented_put_with_its_payload_hash_an_encoded_key_and_trimmed_values()
    {
        const string payload = "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072";
        var authorization = Signer.Authorization("PUT", "/" + SigV4RequestSigner.EncodePath("test$file.text"), "",
            [new("Host", "examplebucket.s3.amazonaws.com"), new("Date", "Fri, 24 May 2013 00:00:00 GMT"), new("x-amz-date", "20130524T000000Z"),
             new("x-amz-storage-class", "  REDUCED_REDUNDANCY "), new("x-amz-content-sha256", payload)],
            payload, "20130524T000000Z");

        Assert.Equal("/test%24file.text", "/" + SigV4RequestSigner.EncodePath("test$file.text"));
        Assert.EndsWith("SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class, " +
                        "Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd", authorization);
    }

    [Fact]
    public void Signs_the_documented_list_with_its_query()
    {
        var authorization = Signer.Authorization("GET", "/", "max-keys=2&prefix=J",
            [new("host", "examplebucket.s3.amazonaws.com"), new("x-amz-date", "20130524T000000Z"), new("x-amz-content-sha256", Empty)],
            Empty, "20130524T000000Z");

        Assert.EndsWith("Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7", authorization);
    }
}
