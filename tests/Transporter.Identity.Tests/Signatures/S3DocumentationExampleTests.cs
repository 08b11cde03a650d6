using System.Security.Cryptography;
using System.Text;
using Transporter.Identity.Signatures;
using Transporter.Identity.Signatures.Payload;
using Transporter.Identity.Signatures.SigV4;

namespace Transporter.Identity.Tests.Signatures;

/// <summary>The SigV4 examples of the Amazon S3 API reference (AKIAIOSFODNN7EXAMPLE, 2013-05-24), verified by the
/// authenticator as requests: header auth, presigned URL, and the chunked upload with and without a signed trailer.</summary>
public class S3DocumentationExampleTests
{
    public const string AccessKeyId = "AKIAIOSFODNN7EXAMPLE";
    public const string SecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private const string Host = "examplebucket.s3.amazonaws.com";
    private const string Empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private const string Credential = "Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request";
    public static readonly DateTimeOffset SignedAt = new(2013, 5, 24, 0, 0, 0, TimeSpan.Zero);

    private static Task<AuthTestContext> ContextAsync(DateTimeOffset? now = null) =>
        AuthTestContext.CreateAsync(now ?? SignedAt.AddSeconds(30), "docs", AccessKeyId, SecretKey);

    [Fact]
    public async Task Get_object_with_range()
    {
        var context = await ContextAsync();
        var request = $"GET /test.txt HTTP/1.1\nHost: {Host}\nRange: bytes=0-9\nx-amz-content-sha256: {Empty}\nx-amz-date: 20130524T000000Z\n" +
            $"Authorization: AWS4-HMAC-SHA256 {Credential},SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41\n\n";
        var result = await context.AuthenticateAsync(RawHttpRequest.Parse(request));
        Assert.Equal(new Caller("docs", "root@docs.example", AccessKeyId, true), result.Caller);
    }

    [Fact]
    public async Task Put_object_with_signed_payload_hash_verifies_the_body_at_its_end()
    {
        var body = "Welcome to Amazon S3."u8.ToArray();
        var request = $"PUT /test$file.text HTTP/1.1\nHost: {Host}\nDate: Fri, 24 May 2013 00:00:00 GMT\nx-amz-date: 20130524T000000Z\n" +
            "x-amz-storage-class: REDUCED_REDUNDANCY\nx-amz-content-sha256: 44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072\nContent-Length: 21\n" +
            $"Authorization: AWS4-HMAC-SHA256 {Credential},SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd\n\n";
        var context = await ContextAsync();

        var result = await context.AuthenticateAsync(RawHttpRequest.Parse(request, body));
        Assert.Equal(body, await ReadAllAsync(result.Body));
        Assert.Equal(21, result.ContentLength);

        // Same signed headers, other bytes of the same length: the signature holds, the body does not.
        var altered = await context.AuthenticateAsync(RawHttpRequest.Parse(request, "Welcome to Amazon S4."u8.ToArray()));
        var error = await Assert.ThrowsAsync<RequestAuthenticationException>(() => ReadAllAsync(altered.Body));
        Assert.Equal(AuthFailureKind.XAmzContentSHA256Mismatch, error.Kind);
    }

    [Fact]
    public async Task Get_bucket_lifecycle_and_list_objects()
    {
        var context = await ContextAsync();
        var lifecycle = $"GET /?lifecycle HTTP/1.1\nHost: {Host}\nx-amz-date: 20130524T000000Z\nx-amz-content-sha256: {Empty}\n" +
            $"Authorization: AWS4-HMAC-SHA256 {Credential},SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543\n\n";
        Assert.NotNull((await context.AuthenticateAsync(RawHttpRequest.Parse(lifecycle))).Caller);

        var list = $"GET /?max-keys=2&prefix=J HTTP/1.1\nHost: {Host}\nx-amz-date: 20130524T000000Z\nx-amz-content-sha256: {Empty}\n" +
            $"Authorization: AWS4-HMAC-SHA256 {Credential},SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7\n\n";
        Assert.NotNull((await context.AuthenticateAsync(RawHttpRequest.Parse(list))).Caller);
    }

    private const string PresignedGet = "GET /test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request" +
        "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404 HTTP/1.1\n" +
        $"Host: {Host}\n\n";

    [Fact]
    public async Task Presigned_url_is_accepted_until_it_expires()
    {
        var context = await ContextAsync(SignedAt.AddHours(23)); // presigned URLs are not held to the 15-minute skew
        var result = await context.AuthenticateAsync(RawHttpRequest.Parse(PresignedGet));
        Assert.Equal(AccessKeyId, result.Caller?.AccessKey);
        Assert.Equal("AWS4-HMAC-SHA256-QUERY", result.SignatureKind);

        context.Clock.Now = SignedAt.AddSeconds(86401);
        var error = await Assert.ThrowsAsync<RequestAuthenticationException>(async () => await context.AuthenticateAsync(RawHttpRequest.Parse(PresignedGet)));
        Assert.Equal((AuthFailureKind.AccessDenied, "Request has expired"), (error.Kind, error.Message));
    }

    [Fact]
    public async Task Presigned_url_for_another_key_name_is_refused()
    {
        var context = await ContextAsync();
        var error = await Assert.ThrowsAsync<RequestAuthenticationException>(async () =>
            await context.AuthenticateAsync(RawHttpRequest.Parse(PresignedGet.Replace("/test.txt?", "/test2.txt?"))));
        Assert.Equal(AuthFailureKind.SignatureDoesNotMatch, error.Kind);
    }

    internal const string ChunkedSeed = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
    internal static readonly string[] ChunkSignatures =
    [
        "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648",
        "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497",
        "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9",
    ];

    internal static string ChunkedRequestHead(string seed = ChunkedSeed) =>
        "PUT /examplebucket/chunkObject.txt HTTP/1.1\nHost: s3.amazonaws.com\nx-amz-date: 20130524T000000Z\nx-amz-storage-class: REDUCED_REDUNDANCY\n" +
        $"Authorization: AWS4-HMAC-SHA256 {Credential},SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,Signature={seed}\n" +
        "x-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-PAYLOAD\nContent-Encoding: aws-chunked\nx-amz-decoded-content-length: 66560\nContent-Length: 66824\n\n";

    internal static byte[] ChunkedBody(string[] signatures, string trailer = "")
    {
        var body = new MemoryStream();
        void Write(string s) => body.Write(Encoding.ASCII.GetBytes(s));
        Write($"10000;chunk-signature={signatures[0]}\r\n");
        body.Write(Enumerable.Repeat((byte)'a', 65536).ToArray());
        Write($"\r\n400;chunk-signature={signatures[1]}\r\n");
        body.Write(Enumerable.Repeat((byte)'a', 1024).ToArray());
        Write($"\r\n0;chunk-signature={signatures[2]}\r\n{trailer}\r\n");
        return body.ToArray();
    }

    [Fact]
    public async Task Chunked_upload_decodes_signature_by_signature()
    {
        var context = await ContextAsync();
        var body = ChunkedBody(ChunkSignatures);
        Assert.Equal(66824, body.Length);
        var result = await context.AuthenticateAsync(RawHttpRequest.Parse(ChunkedRequestHead(), body));
        Assert.Equal(66560, result.ContentLength);
        var decoded = await ReadAllAsync(result.Body, readSize: 1000);
        Assert.Equal(Enumerable.Repeat((byte)'a', 66560).ToArray(), decoded);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Chunked_upload_with_one_chunk_signature_changed_is_refused(int chunk)
    {
        var context = await ContextAsync();
        var signatures = (string[])ChunkSignatures.Clone();
        signatures[chunk] = signatures[chunk][..63] + (signatures[chunk][63] == '0' ? '1' : '0');
        var result = await context.AuthenticateAsync(RawHttpRequest.Parse(ChunkedRequestHead(), ChunkedBody(signatures)));
        var error = await Assert.ThrowsAsync<RequestAuthenticationException>(() => ReadAllAsync(result.Body));
        Assert.Equal(AuthFailureKind.SignatureDoesNotMatch, error.Kind);
    }

    [Fact]
    public async Task Chunked_upload_with_a_changed_data_byte_is_refused_before_the_chunk_is_handed_out_whole()
    {
        var context = await ContextAsync();
        var body = ChunkedBody(ChunkSignatures);
        body[5000] = (byte)'b';
        var result = await context.AuthenticateAsync(RawHttpRequest.Parse(ChunkedRequestHead(), body));
        var received = 0;
        var buffer = new byte[4096];
        var error = await Assert.ThrowsAsync<RequestAuthenticationException>(async () =>
        {
            int n;
            while ((n = await result.Body.ReadAsync(buffer)) > 0) received += n;
        });
        Assert.Equal(AuthFailureKind.SignatureDoesNotMatch, error.Kind);
        Assert.True(received < 65536, $"{received} bytes of the forged first chunk were handed out");
    }

    [Fact]
    public async Task Truncated_chunked_body_is_an_incomplete_body()
    {
        var context = await ContextAsync();
        var body = ChunkedBody(ChunkSignatures)[..40000];
        var result = await context.AuthenticateAsync(RawHttpRequest.Parse(ChunkedRequestHead(), body));
        var error = await Assert.ThrowsAsync<RequestAuthenticationException>(() => ReadAllAsync(result.Body));
        Assert.Equal(AuthFailureKind.IncompleteBody, error.Kind);
    }

    [Fact]
    public async Task Chunked_upload_with_a_signed_trailer_decodes_and_exposes_the_checksum()
    {
        const string seed = "106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e";
        string[] signatures =
        [
            "b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2",
            "1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7",
            "2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992",
        ];
        const string trailer = "x-amz-checksum-crc32c:sOO8/Q==\r\nx-amz-trailer-signature:d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435\r\n";
        // The documented seed signs headers we do not rebuild here, so the chain is verified from the published seed
        // through a decoder set up as the authenticator sets it up.
        var key = SigV4Signature.DeriveKey(SecretKey, "20130524", "us-east-1", "s3");
        var signing = new ChunkSigningContext(key, "20130524T000000Z", "20130524/us-east-1/s3/aws4_request", seed);

        var stream = new AwsChunkedStream(new MemoryStream(ChunkedBody(signatures, trailer)), signing, true, ["x-amz-checksum-crc32c"], 66560);
        Assert.Equal(66560, (await ReadAllAsync(stream, 777)).Length);
        Assert.Equal("sOO8/Q==", stream.Trailers["x-amz-checksum-crc32c"]);

        var otherValue = new AwsChunkedStream(
            new MemoryStream(ChunkedBody(signatures, trailer.Replace("sOO8/Q==", "sOO8/A=="))), signing, true, ["x-amz-checksum-crc32c"], 66560);
        Assert.Equal(AuthFailureKind.SignatureDoesNotMatch, (await Assert.ThrowsAsync<RequestAuthenticationException>(() => ReadAllAsync(otherValue))).Kind);
    }

    internal static async Task<byte[]> ReadAllAsync(Stream stream, int readSize = 8192)
    {
        var output = new MemoryStream();
        var buffer = new byte[readSize];
        int n;
        while ((n = await stream.ReadAsync(buffer)) > 0) output.Write(buffer, 0, n);
        return output.ToArray();
    }

    internal static string Sha256(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));
}
