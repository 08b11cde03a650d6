using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Transporter.Store.Tests.Peers;

/// <summary>Refused requests get S3's error code, nothing is written, and what was stored stays readable.</summary>
[Collection(StoreCollection.Name)]
public class BadInputTests(StoreFixture store)
{
    private readonly Boto3 _boto3 = new(store);

    [Fact]
    public async Task Each_bad_request_gets_its_s3_error_and_leaves_the_stored_object_intact()
    {
        var r = await _boto3.JsonAsync("""
            b = sys.argv[1]
            s3.create_bucket(Bucket=b)
            s3.put_object(Bucket=b, Key='keep', Body=b'original')
            def put(**kw):
                return error(lambda: s3.put_object(Bucket=b, Key='keep', Body=b'replacement', **kw))
            def status_code(resp):
                return [resp.status_code, code(resp)]
            md5 = lambda data: base64.b64encode(hashlib.md5(data).digest()).decode()
            broken = b'<Delete><Object><Key>keep</Key></Object>'
            results = {
                'wrongMd5': put(ContentMD5=md5(b'something else')),
                'invalidMd5': status_code(raw('PUT', '/%s/keep' % b, b'replacement', {'Content-MD5': 'not-base64!'})),
                'wrongCrc32': put(ChecksumCRC32='AAAAAA=='),
                'wrongSha256': put(ChecksumSHA256=base64.b64encode(hashlib.sha256(b'x').digest()).decode()),
                'badSignature': status_code(raw('PUT', '/%s/keep' % b, b'replacement', secret='not-the-secret')),
                'skewedClock': status_code(raw('PUT', '/%s/keep' % b, b'replacement', skew=-3600)),
                'anonymous': [requests.put(ENDPOINT + '/%s/keep' % b, data=b'replacement').status_code,
                              code(requests.get(ENDPOINT + '/%s/keep' % b))],
                'malformedDelete': status_code(raw('POST', '/' + b, broken, {'Content-MD5': md5(broken)}, query='delete')),
                'malformedTagging': status_code(raw('PUT', '/%s/keep' % b, b'not xml at all', query='tagging')),
                'malformedComplete': status_code(raw('POST', '/%s/keep' % b, b'<CompleteMultipartUpload><Part>', query='uploadId=abc')),
                'malformedCreate': status_code(raw('PUT', '/malformed-' + b[:20], b'<CreateBucketConfiguration><Loc')),
                'shortName': status_code(raw('PUT', '/ab')),
                'upperName': status_code(raw('PUT', '/Bad_Name')),
                'ipName': status_code(raw('PUT', '/192.168.10.1')),
                'dotsName': status_code(raw('PUT', '/a..b')),
                'keyTooLong': error(lambda: s3.put_object(Bucket=b, Key='k' * 1025, Body=b'x')),
                'nulKey': status_code(raw('PUT', '/%s/bad%%00key' % b, b'x')),
                'nulCopySource': error(lambda: s3.copy_object(Bucket=b, Key='copy', CopySource={'Bucket': b, 'Key': 'bad\x00key'})),
                'invalidUtf8Key': status_code(raw('PUT', '/%s/bad%%FFkey' % b, b'x')),
                'website': status_code(raw('GET', '/' + b, query='website')),
                'versioningPut': status_code(raw('PUT', '/' + b, b'<VersioningConfiguration><Status>Sometimes</Status></VersioningConfiguration>', query='versioning')),
                'sse': put(ServerSideEncryption='aws:kms'),
                'otherVersion': error(lambda: s3.get_object(Bucket=b, Key='keep', VersionId='abc')),
                'missingKey': error(lambda: s3.get_object(Bucket=b, Key='missing')),
                'missingHead': [raw('HEAD', '/%s/missing' % b).status_code, raw('HEAD', '/%s/missing' % b).text],
                'missingBucket': error(lambda: s3.list_objects_v2(Bucket='no-such-bucket-' + b[:20])),
                'badMaxKeys': status_code(raw('GET', '/' + b, query='list-type=2&max-keys=abc')),
                'badToken': status_code(raw('GET', '/' + b, query='list-type=2&continuation-token=%25%25%25')),
                'noUpload': error(lambda: s3.upload_part(Bucket=b, Key='keep', UploadId='nope', PartNumber=1, Body=b'x')),
                'badPart': error(lambda: s3.upload_part(Bucket=b, Key='mp', UploadId=s3.create_multipart_upload(Bucket=b, Key='mp')['UploadId'], PartNumber=10001, Body=b'x')),
                'wrongMethod': status_code(raw('PATCH', '/%s/keep' % b, b'x')),
            }
            results['content'] = s3.get_object(Bucket=b, Key='keep')['Body'].read().decode()
            results['keys'] = [o['Key'] for o in s3.list_objects_v2(Bucket=b).get('Contents', [])]
            results['buckets'] = [x['Name'] for x in s3.list_buckets()['Buckets'] if 'malformed' in x['Name'] or x['Name'] in ('ab', 'a..b')]
            out(results)
            """, StoreFixture.NewBucketName("bad"));

        string Code(string name) => r.GetProperty(name).ValueKind == JsonValueKind.Array ? r.GetProperty(name)[1].GetString()! : r.GetProperty(name).GetString()!;
        int Status(string name) => r.GetProperty(name)[0].GetInt32();

        Assert.Equal("BadDigest", Code("wrongMd5"));
        Assert.Equal("InvalidDigest", Code("invalidMd5"));
        Assert.Equal("BadDigest", Code("wrongCrc32"));
        Assert.Equal("BadDigest", Code("wrongSha256"));
        Assert.Equal((403, "SignatureDoesNotMatch"), (Status("badSignature"), Code("badSignature")));
        Assert.Equal((403, "RequestTimeTooSkewed"), (Status("skewedClock"), Code("skewedClock")));
        Assert.Equal((403, "AccessDenied"), (Status("anonymous"), Code("anonymous")));
        Assert.Equal((400, "MalformedXML"), (Status("malformedDelete"), Code("malformedDelete")));
        Assert.Equal((400, "MalformedXML"), (Status("malformedTagging"), Code("malformedTagging")));
        Assert.Equal((400, "MalformedXML"), (Status("malformedComplete"), Code("malformedComplete")));
        Assert.Equal((400, "MalformedXML"), (Status("malformedCreate"), Code("malformedCreate")));
        foreach (var name in new[] { "shortName", "upperName", "ipName", "dotsName" })
            Assert.Equal((400, "InvalidBucketName"), (Status(name), Code(name)));
        Assert.Equal("KeyTooLongError", Code("keyTooLong"));
        // Kestrel itself refuses %00 in a request path before any application code runs; the connection layer gives
        // that refusal S3's code. A NUL reaching the S3 layer another way is InvalidArgument.
        Assert.Equal((400, "InvalidURI"), (Status("nulKey"), Code("nulKey")));
        Assert.Equal("InvalidArgument", Code("nulCopySource"));
        Assert.Equal((400, "InvalidArgument"), (Status("invalidUtf8Key"), Code("invalidUtf8Key")));
        Assert.Equal((501, "NotImplemented"), (Status("website"), Code("website")));
        Assert.Equal((400, "MalformedXML"), (Status("versioningPut"), Code("versioningPut")));
        Assert.Equal("NotImplemented", Code("sse"));
        Assert.Equal("InvalidArgument", Code("otherVersion"));
        Assert.Equal("NoSuchKey", Code("missingKey"));
        Assert.Equal(404, r.GetProperty("missingHead")[0].GetInt32());
        Assert.Equal("", r.GetProperty("missingHead")[1].GetString());
        Assert.Equal("NoSuchBucket", Code("missingBucket"));
        Assert.Equal((400, "InvalidArgument"), (Status("badMaxKeys"), Code("badMaxKeys")));
        Assert.Equal((400, "InvalidArgument"), (Status("badToken"), Code("badToken")));
        Assert.Equal("NoSuchUpload", Code("noUpload"));
        Assert.Equal("InvalidArgument", Code("badPart"));
        Assert.Equal(405, Status("wrongMethod"));

        Assert.Equal("original", r.GetProperty("content").GetString());
        Assert.Equal(["keep"], r.GetProperty("keys").EnumerateArray().Select(k => k.GetString()));
        Assert.Empty(r.GetProperty("buckets").EnumerateArray());
    }

    [Fact]
    public async Task Keys_with_dot_segments_are_plain_keys_and_never_reach_the_file_system()
    {
        var r = await _boto3.JsonAsync("""
            b = sys.argv[1]
            s3.create_bucket(Bucket=b)
            keys = ['../../escape.txt', 'a/../../../etc/passwd-copy', '..', './x', 'dir//double', '%2e%2e/encoded']
            for k in keys:
                s3.put_object(Bucket=b, Key=k, Body=('content of ' + k).encode())
            back = {k: s3.get_object(Bucket=b, Key=k)['Body'].read().decode() for k in keys}
            listed = [o['Key'] for o in s3.list_objects_v2(Bucket=b)['Contents']]
            out({'back': back, 'listed': listed})
            """, StoreFixture.NewBucketName("dots"));

        foreach (var entry in r.GetProperty("back").EnumerateObject())
            Assert.Equal("content of " + entry.Name, entry.Value.GetString());
        Assert.Equal(6, r.GetProperty("listed").GetArrayLength());
        Assert.Contains("../../escape.txt", r.GetProperty("listed").EnumerateArray().Select(k => k.GetString()));
        // Every file the store has written is the metadata database or a data file named by a generated id.
        var files = Directory.EnumerateFiles(store.Platform.DataDir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(store.StoreDirectory, f)).Where(f => !f.StartsWith("..", StringComparison.Ordinal));
        Assert.All(files, f => Assert.Matches(@"^(meta\.db(-wal|-shm)?|blobs/[0-9a-f]{2}/[0-9a-f]{32}|tmp/[0-9a-f]{32}\.tmp)$", f));
        Assert.Empty(Directory.EnumerateFiles(Path.GetDirectoryName(store.Platform.DataDir)!, "escape.txt", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFiles(store.Platform.DataDir, "passwd-copy", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_body_shorter_than_its_content_length_is_an_incomplete_body_and_stores_nothing()
    {
        var r = await _boto3.JsonAsync("""
            b = sys.argv[1]
            s3.create_bucket(Bucket=b)
            s3.put_object(Bucket=b, Key='victim', Body=b'earlier data')
            out({'url': s3.generate_presigned_url('put_object', Params={'Bucket': b, 'Key': 'victim'}, ExpiresIn=600)})
            """, StoreFixture.NewBucketName("trunc"));
        var url = new Uri(r.GetProperty("url").GetString()!);

        using var client = new TcpClient();
        await client.ConnectAsync(url.Host, url.Port);
        var stream = client.GetStream();
        var head = $"PUT {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\nContent-Length: 1000000\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(new byte[100]);
        await stream.FlushAsync();
        // The client stays connected but sends nothing more (a half-close would read as a disconnect, which gets no
        // answer); the store gives up on the body once it stops arriving.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var response = await new StreamReader(stream).ReadToEndAsync(timeout.Token);

        Assert.StartsWith("HTTP/1.1 400", response);
        Assert.Contains("<Code>IncompleteBody</Code>", response);
        var after = await _boto3.JsonAsync("""
            b = sys.argv[1]
            out({'body': s3.get_object(Bucket=b, Key='victim')['Body'].read().decode()})
            """, new Uri(url.GetLeftPart(UriPartial.Path)).Segments[1].TrimEnd('/'));
        Assert.Equal("earlier data", after.GetProperty("body").GetString());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(store.StoreDirectory, "tmp")));
    }
}
