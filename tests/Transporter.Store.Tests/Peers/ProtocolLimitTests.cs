using System.Text;
using Transporter.Testing;

namespace Transporter.Store.Tests.Peers;

/// <summary>
/// Requests the web server refuses before any S3 code runs (oversized headers and query strings, %00 in the path)
/// still get S3 error XML with S3's codes; S3's limits (8 KB per header, 2 KB of user metadata, 1024-byte keys) hold;
/// non-ASCII metadata is stored and returned RFC 2047-encoded, so the object stays readable.
/// </summary>
[Collection(StoreCollection.Name)]
public class ProtocolLimitTests(StoreFixture store)
{
    private readonly Boto3 _boto3 = new(store);
    private readonly AwsCli _aws = new(store);

    [Fact]
    public async Task Requests_the_web_server_refuses_get_s3_error_xml_with_curl()
    {
        var bigHeader = Path.Combine(RepoPaths.NewTempDir("curl-headers"), "h");
        await File.WriteAllTextAsync(bigHeader, "x-big: " + new string('a', 64 * 1024) + "\n");
        var manyParameters = string.Join('&', Enumerable.Range(0, 10_000).Select(i => $"p{i}=1"));

        var nul = await Curl($"{store.Endpoint}/some-bucket/bad%00key");
        var header = await Curl($"{store.Endpoint}/some-bucket/key", "-H", "@" + bigHeader);
        var query = await Curl($"{store.Endpoint}/some-bucket/key?{manyParameters}");
        var path = await Curl($"{store.Endpoint}/some-bucket/{new string('k', 9000)}");

        Assert.Equal((400, "InvalidURI"), nul);
        Assert.Equal((400, "RequestHeaderSectionTooLarge"), header);
        Assert.Equal((400, "RequestHeaderSectionTooLarge"), query);
        Assert.Equal((400, "KeyTooLongError"), path);
    }

    [Fact]
    public async Task S3_header_and_metadata_limits_hold_for_boto3_and_the_aws_cli()
    {
        var bucket = StoreFixture.NewBucketName("limits");
        var r = await _boto3.JsonAsync("""
            b = sys.argv[1]
            s3.create_bucket(Bucket=b)
            s3.put_object(Bucket=b, Key='keep', Body=b'original')
            results = {
                'meta3k': error(lambda: s3.put_object(Bucket=b, Key='keep', Body=b'x', Metadata={'big': 'a' * 3000})),
                'meta10k': error(lambda: s3.put_object(Bucket=b, Key='keep', Body=b'x', Metadata={'big': 'a' * 10000})),
                'meta64k': error(lambda: s3.put_object(Bucket=b, Key='keep', Body=b'x', Metadata={'big': 'a' * 65536})),
                'header10k': [raw('GET', '/%s/keep' % b, headers={'x-custom': 'h' * 10000}).status_code,
                              code(raw('GET', '/%s/keep' % b, headers={'x-custom': 'h' * 10000}))],
                'key1025': error(lambda: s3.put_object(Bucket=b, Key='k' * 1025, Body=b'x')),
                'key9000': error(lambda: s3.get_object(Bucket=b, Key='k' * 9000)),
                'meta2k': s3.put_object(Bucket=b, Key='fits', Body=b'x', Metadata={'m': 'a' * 2047})['ResponseMetadata']['HTTPStatusCode'],
            }
            results['content'] = s3.get_object(Bucket=b, Key='keep')['Body'].read().decode()
            out(results)
            """, bucket);
        Assert.Equal("MetadataTooLarge", r.GetProperty("meta3k").GetString());
        Assert.Equal("MetadataTooLarge", r.GetProperty("meta10k").GetString());
        Assert.Equal("RequestHeaderSectionTooLarge", r.GetProperty("meta64k").GetString());
        Assert.Equal(400, r.GetProperty("header10k")[0].GetInt32());
        Assert.Equal("RequestHeaderSectionTooLarge", r.GetProperty("header10k")[1].GetString());
        Assert.Equal("KeyTooLongError", r.GetProperty("key1025").GetString());
        Assert.Equal("KeyTooLongError", r.GetProperty("key9000").GetString());
        Assert.Equal(200, r.GetProperty("meta2k").GetInt32());
        Assert.Equal("original", r.GetProperty("content").GetString());

        var longKey = await _aws.RunAsync("s3api", "head-object", "--bucket", bucket, "--key", new string('k', 9000));
        Assert.NotEqual(0, longKey.ExitCode);
        Assert.Contains("400", longKey.StdErr);
        var bigMeta = await _aws.RunAsync("s3api", "put-object", "--bucket", bucket, "--key", "keep", "--metadata", "big=" + new string('a', 3000));
        Assert.Contains("MetadataTooLarge", bigMeta.StdErr);
        var tooLong = await _aws.RunAsync("s3api", "get-object", "--bucket", bucket, "--key", new string('k', 9000), Path.Combine(RepoPaths.NewTempDir("aws-long"), "out"));
        Assert.Contains("KeyTooLongError", tooLong.StdErr);
    }

    [Fact]
    public async Task Non_ascii_metadata_is_stored_and_returned_rfc2047_encoded()
    {
        var bucket = StoreFixture.NewBucketName("utf8meta");
        await _aws.ApiAsync("create-bucket", "--bucket", bucket);
        // curl signs the UTF-8 bytes it sends (boto3 refuses non-ASCII metadata before sending).
        var put = await CommandLine.RunAsync("curl", [
            "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "PUT",
            "--aws-sigv4", "aws:amz:us-east-1:s3", "--user", $"{store.Platform.RootAccessKey}:{store.Platform.RootSecretKey}",
            "-H", "x-amz-content-sha256: UNSIGNED-PAYLOAD", "-H", "x-amz-meta-name: café ☕", "-H", "x-amz-meta-plain: ascii",
            "-H", "Content-Disposition: attachment; filename=\"résumé.pdf\"", "--data-binary", "body bytes",
            $"{store.Endpoint}/{bucket}/cafe"]);
        Assert.Equal("200", put.StdOut.Trim());

        var r = await _boto3.JsonAsync("""
            b = sys.argv[1]
            head = s3.head_object(Bucket=b, Key='cafe')
            got = s3.get_object(Bucket=b, Key='cafe')
            s3.put_object(Bucket=b, Key='encoded', Body=b'x', Metadata={'name': '=?UTF-8?B?' + base64.b64encode('naïve'.encode()).decode() + '?='})
            again = s3.head_object(Bucket=b, Key='encoded')['Metadata']
            s3.copy_object(Bucket=b, Key='copied', CopySource={'Bucket': b, 'Key': 'cafe'})
            out({'meta': head['Metadata'], 'disposition': head['ContentDisposition'], 'body': got['Body'].read().decode(),
                 'again': again, 'copied': s3.head_object(Bucket=b, Key='copied')['Metadata']})
            """, bucket);
        string Decode(string word)
        {
            Assert.StartsWith("=?UTF-8?B?", word);
            return Encoding.UTF8.GetString(Convert.FromBase64String(word[10..^2]));
        }
        Assert.Equal("café ☕", Decode(r.GetProperty("meta").GetProperty("name").GetString()!));
        Assert.Equal("ascii", r.GetProperty("meta").GetProperty("plain").GetString());
        Assert.Equal("attachment; filename=\"résumé.pdf\"", Decode(r.GetProperty("disposition").GetString()!));
        Assert.Equal("body bytes", r.GetProperty("body").GetString());
        Assert.Equal("naïve", Decode(r.GetProperty("again").GetProperty("name").GetString()!));
        Assert.Equal("café ☕", Decode(r.GetProperty("copied").GetProperty("name").GetString()!));

        var cli = await _aws.ApiAsync("head-object", "--bucket", bucket, "--key", "cafe");
        Assert.Equal("café ☕", Decode(cli.GetProperty("Metadata").GetProperty("name").GetString()!));
    }

    private static async Task<(int Status, string? Code)> Curl(string url, params string[] extra)
    {
        var result = await CommandLine.RunAsync("curl", ["-s", "-w", "\n%{http_code}", .. extra, url]);
        var lines = result.StdOut.TrimEnd().Split('\n');
        var status = int.Parse(lines[^1]);
        var body = string.Join('\n', lines[..^1]);
        var match = System.Text.RegularExpressions.Regex.Match(body, "<Code>([^<]*)</Code>");
        return (status, match.Success ? match.Groups[1].Value : null);
    }
}
