using Transporter.Store.Engine;
using Transporter.Store.Protocol.Headers;
using Transporter.Store.Protocol.Routing;

namespace Transporter.Store.Tests.Wire;

public class RequestParsingTests
{
    private static readonly RequestTargetParser Parser = new(["s3.example.com", "localhost"]);

    [Theory]
    [InlineData("127.0.0.1:9000", "/", null, null)]
    [InlineData("127.0.0.1:9000", "/bucket", "bucket", null)]
    [InlineData("127.0.0.1:9000", "/bucket/", "bucket", null)]
    [InlineData("127.0.0.1:9000", "/bucket/a/../../b?x=1", "bucket", "a/../../b")]
    [InlineData("127.0.0.1:9000", "/bucket/dir//file%20name+plus", "bucket", "dir//file name+plus")]
    [InlineData("127.0.0.1:9000", "/bucket/%E2%82%AC%2Fx", "bucket", "€/x")]
    [InlineData("photos.localhost:9000", "/2024/a.jpg", "photos", "2024/a.jpg")]
    [InlineData("my.dotted.bucket.s3.example.com", "/k", "my.dotted.bucket", "k")]
    [InlineData("photos.localhost:9000", "/", "photos", null)]
    [InlineData("localhost:9000", "/bucket/k", "bucket", "k")]
    [InlineData("127.0.0.1:9000", "http://127.0.0.1:9000/bucket/k", "bucket", "k")]
    public void Bucket_and_key_come_from_the_host_or_the_raw_path(string host, string target, string? bucket, string? key)
    {
        var parsed = Parser.Parse(host, target);
        Assert.Equal(bucket, parsed.Bucket);
        Assert.Equal(key, parsed.Key);
    }

    [Theory]
    [InlineData("/bucket/bad%FFkey", StoreErrorCode.InvalidArgument)]
    [InlineData("/bucket/nul%00key", StoreErrorCode.InvalidArgument)]
    public void Invalid_keys_are_refused_while_parsing(string target, StoreErrorCode code) =>
        Assert.Equal(code, Assert.Throws<StoreException>(() => Parser.Parse("127.0.0.1", target)).Code);

    [Fact]
    public void A_key_over_1024_bytes_is_too_long() =>
        Assert.Equal(StoreErrorCode.KeyTooLongError, Assert.Throws<StoreException>(() => Parser.Parse("h", "/b/" + new string('k', 1025))).Code);

    [Theory]
    [InlineData("bytes=0-9", 100, "Satisfiable", 0, 9)]
    [InlineData("bytes=90-", 100, "Satisfiable", 90, 99)]
    [InlineData("bytes=-10", 100, "Satisfiable", 90, 99)]
    [InlineData("bytes=-500", 100, "Satisfiable", 0, 99)]
    [InlineData("bytes=50-500", 100, "Satisfiable", 50, 99)]
    [InlineData("bytes=100-", 100, "Unsatisfiable", 0, 0)]
    [InlineData("bytes=-0", 100, "Unsatisfiable", 0, 0)]
    [InlineData("bytes=0-", 0, "Unsatisfiable", 0, 0)]
    [InlineData("bytes=5-1", 100, "None", 0, 0)]
    [InlineData("bytes=0-1,5-6", 100, "None", 0, 0)]
    [InlineData("items=0-1", 100, "None", 0, 0)]
    public void Ranges_follow_http_and_s3(string header, long size, string kind, long first, long last)
    {
        var range = RangeRequest.Parse(header, size);
        Assert.Equal(kind, range.Kind.ToString());
        if (range.Kind == RangeKind.Satisfiable) Assert.Equal((first, last), (range.First, range.Last));
    }

    [Theory]
    [InlineData("bucket/key", "bucket", "key", null)]
    [InlineData("/bucket/dir/key%20x", "bucket", "dir/key x", null)]
    [InlineData("bucket%2Fdir%2Fkey", "bucket", "dir/key", null)]
    [InlineData("bucket/key?versionId=null", "bucket", "key", "null")]
    [InlineData("bucket/key?versionId=3HL4kqtJlcpXroDTDmjVBH40Nrjfkd", "bucket", "key", "3HL4kqtJlcpXroDTDmjVBH40Nrjfkd")]
    public void Copy_sources_are_decoded(string header, string bucket, string key, string? versionId) =>
        Assert.Equal(new CopySource(bucket, key, versionId), CopySource.Parse(header));
}
