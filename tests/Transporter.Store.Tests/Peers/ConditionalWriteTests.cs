namespace Transporter.Store.Tests.Peers;

/// <summary>
/// Conditional writes (If-None-Match: *, If-Match on PUT and CompleteMultipartUpload), a retried
/// CompleteMultipartUpload, and ListBuckets pagination, driven by boto3 (headers and parameters newer than Debian's
/// botocore are added by its own event hooks, so the requests are still signed and sent by boto3) and the AWS CLI.
/// </summary>
[Collection(StoreCollection.Name)]
public class ConditionalWriteTests(StoreFixture store)
{
    private readonly Boto3 _boto3 = new(store);
    private readonly AwsCli _aws = new(store);

    private const string Hooks = """
        def hooked(operation, headers=None, query=None):
            c = client()
            def add(request, **kw):
                for k, v in (headers or {}).items():
                    request.headers[k] = v
                if query:
                    request.url += ('&' if '?' in request.url else '?') + '&'.join(
                        '%s=%s' % (k, requests.utils.quote(v, safe='')) for k, v in query.items())
            c.meta.events.register_first('before-sign.s3.' + operation, add)
            return c

        """;

    [Fact]
    public async Task Put_with_if_none_match_and_if_match_writes_only_when_the_condition_holds()
    {
        var r = await _boto3.JsonAsync(Hooks + """
            b = sys.argv[1]
            s3.create_bucket(Bucket=b)
            def put(key, body, **headers):
                return error(lambda: hooked('PutObject', headers).put_object(Bucket=b, Key=key, Body=body))
            results = {'firstCreate': put('k', b'one', **{'If-None-Match': '*'})}
            results['secondCreate'] = put('k', b'two', **{'If-None-Match': '*'})
            etag = s3.head_object(Bucket=b, Key='k')['ETag']
            results['matchWrong'] = put('k', b'three', **{'If-Match': '"0123456789abcdef0123456789abcdef"'})
            results['matchMissing'] = put('missing', b'x', **{'If-Match': etag})
            results['afterRefusals'] = s3.get_object(Bucket=b, Key='k')['Body'].read().decode()
            results['matchRight'] = put('k', b'four', **{'If-Match': etag})
            results['content'] = s3.get_object(Bucket=b, Key='k')['Body'].read().decode()
            other = raw('PUT', '/%s/k' % b, b'five', {'If-None-Match': '"abc"'})
            results['otherNoneMatch'] = [other.status_code, code(other)]
            results['keys'] = [o['Key'] for o in s3.list_objects_v2(Bucket=b)['Contents']]
            out(results)
            """, StoreFixture.NewBucketName("condput"));

        Assert.Equal(System.Text.Json.JsonValueKind.Null, r.GetProperty("firstCreate").ValueKind);
        Assert.Equal("PreconditionFailed", r.GetProperty("secondCreate").GetString());
        Assert.Equal("PreconditionFailed", r.GetProperty("matchWrong").GetString());
        Assert.Equal("NoSuchKey", r.GetProperty("matchMissing").GetString());
        Assert.Equal("one", r.GetProperty("afterRefusals").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, r.GetProperty("matchRight").ValueKind);
        Assert.Equal("four", r.GetProperty("content").GetString());
        Assert.Equal(501, r.GetProperty("otherNoneMatch")[0].GetInt32());
        Assert.Equal(["k"], r.GetProperty("keys").EnumerateArray().Select(k => k.GetString()));
    }

    [Fact]
    public async Task Complete_multipart_upload_is_conditional_and_a_retried_completion_gets_the_same_answer()
    {
        var r = await _boto3.JsonAsync(Hooks + """
            b = sys.argv[1]
            s3.create_bucket(Bucket=b)
            s3.put_object(Bucket=b, Key='exists', Body=b'old')
            def upload(key):
                u = s3.create_multipart_upload(Bucket=b, Key=key)['UploadId']
                p = s3.upload_part(Bucket=b, Key=key, UploadId=u, PartNumber=1, Body=b'part one')
                return u, [{'PartNumber': 1, 'ETag': p['ETag']}]
            def complete(key, u, parts, **headers):
                return hooked('CompleteMultipartUpload', headers).complete_multipart_upload(
                    Bucket=b, Key=key, UploadId=u, MultipartUpload={'Parts': parts})
            u, parts = upload('exists')
            results = {'refused': error(lambda: complete('exists', u, parts, **{'If-None-Match': '*'}))}
            results['stillOld'] = s3.get_object(Bucket=b, Key='exists')['Body'].read().decode()
            results['uploadKept'] = [x['UploadId'] for x in s3.list_multipart_uploads(Bucket=b).get('Uploads', [])] == [u]
            etag = s3.head_object(Bucket=b, Key='exists')['ETag']
            first = complete('exists', u, parts, **{'If-Match': etag})
            again = complete('exists', u, parts)
            results['etags'] = [first['ETag'], again['ETag']]
            results['content'] = s3.get_object(Bucket=b, Key='exists')['Body'].read().decode()
            wrongParts = [{'PartNumber': 1, 'ETag': '"0123456789abcdef0123456789abcdef"'}]
            results['retryOtherParts'] = error(lambda: complete('exists', u, wrongParts))
            s3.put_object(Bucket=b, Key='exists', Body=b'overwritten')
            results['retryAfterOverwrite'] = error(lambda: complete('exists', u, parts))
            out(results)
            """, StoreFixture.NewBucketName("condmpu"));

        Assert.Equal("PreconditionFailed", r.GetProperty("refused").GetString());
        Assert.Equal("old", r.GetProperty("stillOld").GetString());
        Assert.True(r.GetProperty("uploadKept").GetBoolean());
        var etags = r.GetProperty("etags").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.EndsWith("-1\"", etags[0]);
        Assert.Equal(etags[0], etags[1]);
        Assert.Equal("part one", r.GetProperty("content").GetString());
        Assert.Equal("NoSuchUpload", r.GetProperty("retryOtherParts").GetString());
        Assert.Equal("NoSuchUpload", r.GetProperty("retryAfterOverwrite").GetString());
    }

    [Fact]
    public async Task List_buckets_pages_with_prefix_max_buckets_and_continuation_token()
    {
        var prefix = StoreFixture.NewBucketName("lb");
        var names = Enumerable.Range(0, 5).Select(i => $"{prefix}-{i}").ToList();
        foreach (var name in names) await _aws.ApiAsync("create-bucket", "--bucket", name);

        var r = await _boto3.JsonAsync(Hooks + """
            prefix = sys.argv[1]
            pages, token = [], None
            while True:
                params = {'prefix': prefix, 'max-buckets': '2'}
                if token:
                    params['continuation-token'] = token
                response = raw('GET', '/', query='&'.join('%s=%s' % (k, requests.utils.quote(v, safe='')) for k, v in sorted(params.items())))
                page = re.findall(r'<Name>([^<]*)</Name>', response.text)
                found = re.search(r'<ContinuationToken>([^<]*)</ContinuationToken>', response.text)
                pages.append(page)
                if not found:
                    break
                token = found.group(1)
            hooked_names = [x['Name'] for x in hooked('ListBuckets', query={'prefix': prefix}).list_buckets()['Buckets']]
            bad = raw('GET', '/', query='max-buckets=0')
            out({'pages': pages, 'hooked': hooked_names, 'bad': [bad.status_code, code(bad)]})
            """, prefix);

        var pages = r.GetProperty("pages").EnumerateArray().Select(p => p.EnumerateArray().Select(n => n.GetString()!).ToList()).ToList();
        Assert.Equal([2, 2, 1], pages.Select(p => p.Count));
        Assert.Equal(names, pages.SelectMany(p => p));
        Assert.Equal(names, r.GetProperty("hooked").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal(400, r.GetProperty("bad")[0].GetInt32());
        Assert.Equal("InvalidArgument", r.GetProperty("bad")[1].GetString());

        var location = await _aws.ApiAsync("get-bucket-location", "--bucket", names[0]);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, location.GetProperty("LocationConstraint").ValueKind);
    }
}
