namespace Transporter.Identity.Tests.Signatures;

/// <summary>
/// Signed requests transcribed from AWS's SigV4 test suite (the aws-sig-v4-test-suite as shipped with aws-c-auth's
/// tests/aws-signing-test-suite/v4): credentials AKIDEXAMPLE / wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, region
/// us-east-1, service "service", signed at 2015-08-30T12:36:00Z. "normalized" cases follow the generic AWS rules
/// (normalize and encode the path again); "unnormalized" ones the S3 rules.
/// </summary>
public static class AwsSigV4TestSuiteVectors
{
    public const string AccessKeyId = "AKIDEXAMPLE";
    public const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    public static readonly DateTimeOffset SignedAt = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    private const string Credential = "Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request";
    private const string QueryCredential = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z";

    /// <summary>Header-signed requests of the generic (normalizing) rules: name, request text.</summary>
    public static readonly TheoryData<string, string> HeaderSigned = new()
    {
        { "get-vanilla-query-order-key-case", $"GET /?Param2=value2&Param1=value1 HTTP/1.1\nHost:example.amazonaws.com\nAuthorization:AWS4-HMAC-SHA256 {Credential}, SignedHeaders=host;x-amz-date, Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500\nX-Amz-Date:20150830T123600Z\n\n" },
        { "get-vanilla-query-unreserved", $"GET /?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz HTTP/1.1\nHost:example.amazonaws.com\nAuthorization:AWS4-HMAC-SHA256 {Credential}, SignedHeaders=host;x-amz-date, Signature=9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197\nX-Amz-Date:20150830T123600Z\n\n" },
        { "get-vanilla-utf8-query", $"GET /?ሴ=bar HTTP/1.1\nHost:example.amazonaws.com\nAuthorization:AWS4-HMAC-SHA256 {Credential}, SignedHeaders=host;x-amz-date, Signature=2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04\nX-Amz-Date:20150830T123600Z\n\n" },
        { "get-vanilla-empty-query-key", $"GET /?Param1=value1 HTTP/1.1\nHost:example.amazonaws.com\nAuthorization:AWS4-HMAC-SHA256 {Credential}, SignedHeaders=host;x-amz-date, Signature=a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb\nX-Amz-Date:20150830T123600Z\n\n" },
        { "get-vanilla-query-order-encoded", $"GET /?Param-3=Value3&Param=Value2&%E1%88%B4=Value1 HTTP/1.1\nHost:example.amazonaws.com\nAuthorization:AWS4-HMAC-SHA256 {Credential}, SignedHeaders=host;x-amz-date, Signature=371d3713e185cc334048618a97f809c9ffe339c62934c032af5a0e595648fcac\nX-Amz-Date:20150830T123600Z\n\n" },
        { "get-utf8", $"GET /ሴ HTTP/1.1\nHost:example.amazonaws.com\nAuthorization:AWS4-HMAC-SHA256 {Credential}, SignedHeaders=host;x-amz-date, Signature=8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85\nX-Amz-Date:20150830T123600Z\n\n" },
        { "get-space-normalized", $"GET /example space/ HTTP/1.1\nHost:example.amazonaws.com\nAuthorization:AWS4-HMAC-SHA256 {Credential}, SignedHeaders=host;x-amz-date, Signature=652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741\nX-Amz-Date:20150830T123600Z\n\n" },
        { "get-header-value-trim", $"GET / HTTP/1.1\nHost:example.amazonaws.com\nMy-Header1: value1\nMy-Header2: \"a   b   c\"\nAuthorization:AWS4-HMAC-SHA256 {Credential}, SignedHeaders=host;my-header1;my-header2;x-amz-date, Signature=acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736\nX-Amz-Date:20150830T123600Z\n\n" },
        { "get-header-key-duplicate", $"GET / HTTP/1.1\nHost:example.amazonaws.com\nMy-Header1:value2\nMy-Header1:value2\nMy-Header1:value1\nAuthorization:AWS4-HMAC-SHA256 {Credential}, SignedHeaders=host;my-header1;x-amz-date, Signature=c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea\nX-Amz-Date:20150830T123600Z\n\n" },
        { "get-header-value-order", $"GET / HTTP/1.1\nHost:example.amazonaws.com\nMy-Header1:value4\nMy-Header1:value1\nMy-Header1:value3\nMy-Header1:value2\nAuthorization:AWS4-HMAC-SHA256 {Credential}, SignedHeaders=host;my-header1;x-amz-date, Signature=08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01\nX-Amz-Date:20150830T123600Z\n\n" },
        { "get-header-value-multiline", $"GET / HTTP/1.1\nHost:example.amazonaws.com\nMy-Header1:value1\n  value2\n     value3\nAuthorization:AWS4-HMAC-SHA256 {Credential}, SignedHeaders=host;my-header1;x-amz-date, Signature=ba17b383a53190154eb5fa66a1b836cc297cc0a3d70a5d00705980573d8ff790\nX-Amz-Date:20150830T123600Z\n\n" },
        { "get-relative-relative-normalized", $"GET /example1/example2/../.. HTTP/1.1\nHost:example.amazonaws.com\nAuthorization:AWS4-HMAC-SHA256 {Credential}, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31\nX-Amz-Date:20150830T123600Z\n\n" },
        { "get-slash-dot-slash-normalized", $"GET /./ HTTP/1.1\nHost:example.amazonaws.com\nAuthorization:AWS4-HMAC-SHA256 {Credential}, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31\nX-Amz-Date:20150830T123600Z\n\n" },
        { "get-slash-pointless-dot-normalized", $"GET /./example HTTP/1.1\nHost:example.amazonaws.com\nAuthorization:AWS4-HMAC-SHA256 {Credential}, SignedHeaders=host;x-amz-date, Signature=ef75d96142cf21edca26f06005da7988e4f8dc83a165a80865db7089db637ec5\nX-Amz-Date:20150830T123600Z\n\n" },
        { "get-slashes-normalized", $"GET //example// HTTP/1.1\nHost:example.amazonaws.com\nAuthorization:AWS4-HMAC-SHA256 {Credential}, SignedHeaders=host;x-amz-date, Signature=9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84\nX-Amz-Date:20150830T123600Z\n\n" },
        { "get-vanilla-with-session-token", $"GET / HTTP/1.1\nHost:example.amazonaws.com\nAuthorization:AWS4-HMAC-SHA256 {Credential}, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8\nX-Amz-Date:20150830T123600Z\nX-Amz-Security-Token:6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267\n\n" },
        { "post-x-www-form-urlencoded", $"POST / HTTP/1.1\nContent-Type:application/x-www-form-urlencoded\nHost:example.amazonaws.com\nContent-Length:13\nx-amz-content-sha256:9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e\nAuthorization:AWS4-HMAC-SHA256 {Credential}, SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date, Signature=d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b\nX-Amz-Date:20150830T123600Z\n\nParam1=value1" },
    };

    /// <summary>Presigned (query-signed) requests of the generic rules.</summary>
    public static readonly TheoryData<string, string> QuerySigned = new()
    {
        { "get-vanilla-query-order-key-case", $"GET /?Param2=value2&Param1=value1&{QueryCredential}&X-Amz-SignedHeaders=host&X-Amz-Expires=3600&X-Amz-Signature=86012e2c9ad4d77369f5d81c11f75158aae4f895a085212cc6d3f923d300bed5 HTTP/1.1\nHost:example.amazonaws.com\nX-Amz-Date:20150830T123600Z\n\n" },
        { "get-utf8", $"GET /ሴ?{QueryCredential}&X-Amz-SignedHeaders=host&X-Amz-Expires=3600&X-Amz-Signature=10eae3f14a260bd3911cc6d008d3c576d143b05b62f09782a7a4b37f52178e44 HTTP/1.1\nHost:example.amazonaws.com\nX-Amz-Date:20150830T123600Z\n\n" },
        { "get-header-value-trim", $"GET /?{QueryCredential}&X-Amz-SignedHeaders=host%3Bmy-header1%3Bmy-header2&X-Amz-Expires=3600&X-Amz-Signature=e7bb0fd515e125e1aec2ecc4c0c17484fb06f6846b927c35e46005dd3df3acd4 HTTP/1.1\nHost:example.amazonaws.com\nMy-Header1: value1\nMy-Header2: \"a   b   c\"\nX-Amz-Date:20150830T123600Z\n\n" },
    };

    /// <summary>Header-signed requests of the S3 rules (no normalization, no second encoding): name, request text.</summary>
    public static readonly TheoryData<string, string> HeaderSignedUnnormalized = new()
    {
        { "get-slashes-unnormalized", $"GET //example// HTTP/1.1\nHost:example.amazonaws.com\nAuthorization:AWS4-HMAC-SHA256 {Credential}, SignedHeaders=host;x-amz-date, Signature=87cca117541a147f6df867677d98a7d80dff226d2bfca9e4ffa899665623c7e5\nX-Amz-Date:20150830T123600Z\n\n" },
        { "get-space-unnormalized", $"GET /example space/ HTTP/1.1\nHost:example.amazonaws.com\nAuthorization:AWS4-HMAC-SHA256 {Credential}, SignedHeaders=host;x-amz-date, Signature=652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741\nX-Amz-Date:20150830T123600Z\n\n" },
    };

    /// <summary>Canonical requests the suite prints, for the canonicalization itself: raw path, raw query, canonical URI
    /// (generic rules), canonical query.</summary>
    public static readonly TheoryData<string, string, string, string> Canonical = new()
    {
        { "/ሴ", "", "/%E1%88%B4", "" },
        { "//example//", "", "/example/", "" },
        { "/example1/example2/../..", "", "/", "" },
        { "/./example", "", "/example", "" },
        { "/", "Param2=value2&Param1=value1", "/", "Param1=value1&Param2=value2" },
        { "/", "ሴ=bar", "/", "%E1%88%B4=bar" },
        { "/", "Param-3=Value3&Param=Value2&%E1%88%B4=Value1", "/", "%E1%88%B4=Value1&Param=Value2&Param-3=Value3" },
    };
}
