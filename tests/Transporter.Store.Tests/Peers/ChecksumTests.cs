namespace Transporter.Store.Tests.Peers;

/// <summary>
/// CRC64NVME, which Debian's botocore and the AWS CLI predate and AWSSDK.S3 computes only through the AWS CRT (not
/// served here): requests are signed by botocore's SigV4 signer and the checksums computed by an independent Python
/// implementation of CRC-64/NVME. Covers a header checksum, an aws-chunked trailer, BadDigest, a FULL_OBJECT multipart
/// upload, and GET/HEAD with x-amz-checksum-mode.
/// </summary>
[Collection(StoreCollection.Name)]
public class ChecksumTests(StoreFixture store)
{
    private readonly Boto3 _boto3 = new(store);

    [Fact]
    public async Task Crc64nvme_is_verified_stored_combined_over_parts_and_returned()
    {
        var r = await _boto3.JsonAsync("""
            TABLE = []
            for i in range(256):
                c = i
                for _ in range(8):
                    c = (c >> 1) ^ 0x9A6C9329AC4BC9B5 if c & 1 else c >> 1
                TABLE.append(c)
            import functools
            @functools.lru_cache(maxsize=None)
            def crc64(data):
                crc = 0xFFFFFFFFFFFFFFFF
                for byte in data:
                    crc = (crc >> 8) ^ TABLE[(crc ^ byte) & 0xFF]
                return base64.b64encode((crc ^ 0xFFFFFFFFFFFFFFFF).to_bytes(8, 'big')).decode()
            def signed(method, path, body, headers, query='', content_sha=None):
                url = ENDPOINT + path + ('?' + query if query else '')
                request = AWSRequest(method=method, url=url, data=body, headers=dict(headers))
                request.headers['x-amz-content-sha256'] = content_sha or hashlib.sha256(body).hexdigest()
                botocore.auth.SigV4Auth(Credentials(AK, SK), 's3', 'us-east-1').add_auth(request)
                prepared = request.prepare()
                return requests.request(method, prepared.url, headers=dict(prepared.headers), data=body)

            b = sys.argv[1]
            s3.create_bucket(Bucket=b)
            results = {'check': crc64(b'123456789')}
            body = os.urandom(100001)
            put = signed('PUT', '/%s/header' % b, body, {'x-amz-checksum-crc64nvme': crc64(body)})
            results['put'] = [put.status_code, put.headers.get('x-amz-checksum-crc64nvme') == crc64(body)]
            bad = signed('PUT', '/%s/header' % b, b'other', {'x-amz-checksum-crc64nvme': crc64(body)})
            results['bad'] = [bad.status_code, code(bad)]
            chunked = b'%x\r\n' % len(body) + body + b'\r\n0\r\nx-amz-checksum-crc64nvme:' + crc64(body).encode() + b'\r\n\r\n'
            trailer = signed('PUT', '/%s/trailer' % b, chunked, {'Content-Encoding': 'aws-chunked', 'x-amz-trailer': 'x-amz-checksum-crc64nvme',
                'x-amz-decoded-content-length': str(len(body))}, content_sha='STREAMING-UNSIGNED-PAYLOAD-TRAILER')
            results['trailer'] = trailer.status_code
            wrongTrailer = chunked.replace(crc64(body).encode(), crc64(b'x').encode())
            badTrailer = signed('PUT', '/%s/trailer' % b, wrongTrailer, {'Content-Encoding': 'aws-chunked', 'x-amz-trailer': 'x-amz-checksum-crc64nvme',
                'x-amz-decoded-content-length': str(len(body))}, content_sha='STREAMING-UNSIGNED-PAYLOAD-TRAILER')
            results['badTrailer'] = [badTrailer.status_code, code(badTrailer)]

            create = signed('POST', '/%s/multi' % b, b'', {'x-amz-checksum-algorithm': 'CRC64NVME'}, query='uploads')
            upload = re.search('<UploadId>([^<]*)</UploadId>', create.text).group(1)
            results['createType'] = create.headers.get('x-amz-checksum-type')
            parts = [os.urandom(5 * 1024 * 1024), os.urandom(777)]
            xml = '<CompleteMultipartUpload>'
            for i, part in enumerate(parts, 1):
                up = signed('PUT', '/%s/multi' % b, part, {'x-amz-checksum-crc64nvme': crc64(part)}, query='partNumber=%d&uploadId=%s' % (i, upload))
                xml += '<Part><PartNumber>%d</PartNumber><ETag>%s</ETag><ChecksumCRC64NVME>%s</ChecksumCRC64NVME></Part>' % (i, up.headers['ETag'], crc64(part))
            xml += '</CompleteMultipartUpload>'
            done = signed('POST', '/%s/multi' % b, xml.encode(), {}, query='uploadId=' + upload)
            whole = parts[0] + parts[1]
            results['complete'] = [done.status_code, re.search('<ChecksumCRC64NVME>([^<]*)<', done.text).group(1) == crc64(whole),
                                   re.search('<ChecksumType>([^<]*)<', done.text).group(1)]
            composite = signed('POST', '/%s/c' % b, b'', {'x-amz-checksum-algorithm': 'CRC64NVME', 'x-amz-checksum-type': 'COMPOSITE'}, query='uploads')
            results['composite'] = [composite.status_code, code(composite)]
            got = {}
            for key, data in (('header', body), ('trailer', body), ('multi', whole)):
                g = signed('GET', '/%s/%s' % (b, key), b'', {'x-amz-checksum-mode': 'ENABLED'})
                got[key] = [g.content == data, g.headers.get('x-amz-checksum-crc64nvme') == crc64(data), g.headers.get('x-amz-checksum-type')]
            results['got'] = got
            results['headWithout'] = 'x-amz-checksum-crc64nvme' in s3.head_object(Bucket=b, Key='header')['ResponseMetadata']['HTTPHeaders']
            out(results)
            """, StoreFixture.NewBucketName("crc64"));

        Assert.Equal("rosUhgp5mIg=", r.GetProperty("check").GetString()); // 0xAE8B14860A799888, the standard check value
        Assert.Equal(200, r.GetProperty("put")[0].GetInt32());
        Assert.True(r.GetProperty("put")[1].GetBoolean());
        Assert.Equal((400, "BadDigest"), (r.GetProperty("bad")[0].GetInt32(), r.GetProperty("bad")[1].GetString()));
        Assert.Equal(200, r.GetProperty("trailer").GetInt32());
        Assert.Equal((400, "BadDigest"), (r.GetProperty("badTrailer")[0].GetInt32(), r.GetProperty("badTrailer")[1].GetString()));
        Assert.Equal("FULL_OBJECT", r.GetProperty("createType").GetString());
        Assert.Equal(200, r.GetProperty("complete")[0].GetInt32());
        Assert.True(r.GetProperty("complete")[1].GetBoolean());
        Assert.Equal("FULL_OBJECT", r.GetProperty("complete")[2].GetString());
        Assert.Equal((400, "InvalidRequest"), (r.GetProperty("composite")[0].GetInt32(), r.GetProperty("composite")[1].GetString()));
        foreach (var got in r.GetProperty("got").EnumerateObject())
        {
            Assert.True(got.Value[0].GetBoolean(), got.Name);
            Assert.True(got.Value[1].GetBoolean(), got.Name);
            Assert.Equal("FULL_OBJECT", got.Value[2].GetString());
        }
        Assert.False(r.GetProperty("headWithout").GetBoolean());
    }
}
