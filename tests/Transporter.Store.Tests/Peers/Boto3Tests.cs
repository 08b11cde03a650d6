using System.Text.Json;
using Transporter.Testing;

namespace Transporter.Store.Tests.Peers;

[Collection(StoreCollection.Name)]
public class Boto3Tests(StoreFixture store)
{
    private readonly Boto3 _boto3 = new(store);

    [Fact]
    public async Task Upload_part_copy_assembles_an_object_from_ranges_of_another()
    {
        var result = await _boto3.JsonAsync("""
            b = sys.argv[1]
            s3.create_bucket(Bucket=b)
            source = os.urandom(6 * 1024 * 1024 + 100)
            s3.put_object(Bucket=b, Key='source', Body=source)
            up = s3.create_multipart_upload(Bucket=b, Key='assembled', ContentType='application/x-test', Metadata={'origin': 'copy'})
            first = s3.upload_part_copy(Bucket=b, Key='assembled', UploadId=up['UploadId'], PartNumber=1,
                CopySource={'Bucket': b, 'Key': 'source'}, CopySourceRange='bytes=0-5242879')
            second = s3.upload_part_copy(Bucket=b, Key='assembled', UploadId=up['UploadId'], PartNumber=2,
                CopySource=b + '/source', CopySourceRange='bytes=5242880-6291555')
            parts = s3.list_parts(Bucket=b, Key='assembled', UploadId=up['UploadId'])['Parts']
            done = s3.complete_multipart_upload(Bucket=b, Key='assembled', UploadId=up['UploadId'], MultipartUpload={'Parts': [
                {'PartNumber': 1, 'ETag': first['CopyPartResult']['ETag']}, {'PartNumber': 2, 'ETag': second['CopyPartResult']['ETag']}]})
            got = s3.get_object(Bucket=b, Key='assembled')
            body = got['Body'].read()
            across = s3.get_object(Bucket=b, Key='assembled', Range='bytes=5242870-5242889')['Body'].read()
            out({'same': body == source[:6291556], 'size': len(body), 'parts': [p['Size'] for p in parts], 'etag': done['ETag'],
                 'across': across == source[5242870:5242890], 'type': got['ContentType'], 'meta': got['Metadata'],
                 'firstEtag': first['CopyPartResult']['ETag'] == '"' + hashlib.md5(source[:5242880]).hexdigest() + '"'})
            """, StoreFixture.NewBucketName("upc"));

        Assert.True(result.GetProperty("same").GetBoolean());
        Assert.Equal(6291556, result.GetProperty("size").GetInt32());
        Assert.Equal([5242880, 1048676], result.GetProperty("parts").EnumerateArray().Select(p => p.GetInt32()));
        Assert.EndsWith("-2\"", result.GetProperty("etag").GetString());
        Assert.True(result.GetProperty("across").GetBoolean());
        Assert.True(result.GetProperty("firstEtag").GetBoolean());
        Assert.Equal("application/x-test", result.GetProperty("type").GetString());
        Assert.Equal("copy", result.GetProperty("meta").GetProperty("origin").GetString());
    }

    [Fact]
    public async Task Delete_objects_reports_each_key_and_quiet_mode_only_errors()
    {
        var result = await _boto3.JsonAsync("""
            b = sys.argv[1]
            s3.create_bucket(Bucket=b)
            for k in ['a', 'b', 'c', 'dir/', 'dir/x']:
                s3.put_object(Bucket=b, Key=k, Body=b'1')
            loud = s3.delete_objects(Bucket=b, Delete={'Objects': [{'Key': 'a'}, {'Key': 'missing'}, {'Key': 'dir/'}]})
            quiet = s3.delete_objects(Bucket=b, Delete={'Objects': [{'Key': 'b'}, {'Key': 'x' * 1100}], 'Quiet': True})
            left = [o['Key'] for o in s3.list_objects_v2(Bucket=b).get('Contents', [])]
            too_many = error(lambda: s3.delete_objects(Bucket=b, Delete={'Objects': [{'Key': str(i)} for i in range(1001)]}))
            out({'deleted': sorted(d['Key'] for d in loud.get('Deleted', [])), 'loudErrors': loud.get('Errors', []),
                 'quietDeleted': quiet.get('Deleted', []), 'quietErrors': [e['Code'] for e in quiet.get('Errors', [])],
                 'left': left, 'tooMany': too_many})
            """, StoreFixture.NewBucketName("del"));

        Assert.Equal(["a", "dir/", "missing"], result.GetProperty("deleted").EnumerateArray().Select(e => e.GetString()));
        Assert.Empty(result.GetProperty("loudErrors").EnumerateArray());
        Assert.Empty(result.GetProperty("quietDeleted").EnumerateArray());
        Assert.Equal(["KeyTooLongError"], result.GetProperty("quietErrors").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["c", "dir/x"], result.GetProperty("left").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("MalformedXML", result.GetProperty("tooMany").GetString());
    }

    [Fact]
    public async Task List_objects_v2_paginates_2500_keys_in_order_without_repeats()
    {
        var result = await _boto3.JsonAsync("""
            from concurrent.futures import ThreadPoolExecutor
            b = sys.argv[1]
            s3.create_bucket(Bucket=b)
            keys = ['k/%04d' % i for i in range(2500)]
            with ThreadPoolExecutor(16) as pool:
                list(pool.map(lambda k: s3.put_object(Bucket=b, Key=k, Body=b''), keys))
            pages = list(s3.get_paginator('list_objects_v2').paginate(Bucket=b, Prefix='k/'))
            listed = [o['Key'] for p in pages for o in p.get('Contents', [])]
            small = list(s3.get_paginator('list_objects_v2').paginate(Bucket=b, PaginationConfig={'PageSize': 700}))
            v1 = list(s3.get_paginator('list_objects').paginate(Bucket=b))
            after = s3.list_objects_v2(Bucket=b, StartAfter='k/2497')
            zero = s3.list_objects_v2(Bucket=b, MaxKeys=0)
            out({'pages': [p['KeyCount'] for p in pages], 'inOrder': listed == keys, 'small': [p['KeyCount'] for p in small],
                 'v1': sum(len(p['Contents']) for p in v1), 'after': [o['Key'] for o in after['Contents']], 'zero': zero['KeyCount'],
                 'head': s3.head_bucket(Bucket=b)['ResponseMetadata']['HTTPHeaders'].get('x-lyve-size')})
            """, StoreFixture.NewBucketName("page"));

        Assert.Equal([1000, 1000, 500], result.GetProperty("pages").EnumerateArray().Select(e => e.GetInt32()));
        Assert.True(result.GetProperty("inOrder").GetBoolean());
        Assert.Equal([700, 700, 700, 400], result.GetProperty("small").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(2500, result.GetProperty("v1").GetInt32());
        Assert.Equal(["k/2498", "k/2499"], result.GetProperty("after").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0, result.GetProperty("zero").GetInt32());
        Assert.Equal("0", result.GetProperty("head").GetString());
    }

    [Fact]
    public async Task Metadata_headers_tags_and_checksums_round_trip()
    {
        var r = await _boto3.JsonAsync("""
            b = sys.argv[1]
            s3.create_bucket(Bucket=b)
            body = b'Hello world\n123\n'
            put = s3.put_object(Bucket=b, Key='doc.txt', Body=body, ContentType='text/plain; charset=utf-8', CacheControl='max-age=3600',
                ContentDisposition='attachment; filename="doc.txt"', ContentEncoding='identity', ContentLanguage='en-GB',
                Expires=datetime.datetime(2040, 1, 2, 3, 4, 5), Metadata={'Color': 'blue', 'owner-id': '42'},
                Tagging='project=transporter&stage=test%20run', ChecksumAlgorithm='CRC32C')
            head = s3.head_object(Bucket=b, Key='doc.txt', ChecksumMode='ENABLED')
            plain = s3.head_object(Bucket=b, Key='doc.txt')
            tags = s3.get_object_tagging(Bucket=b, Key='doc.txt')['TagSet']
            s3.put_object_tagging(Bucket=b, Key='doc.txt', Tagging={'TagSet': [{'Key': 'only', 'Value': 'one'}]})
            retagged = s3.get_object_tagging(Bucket=b, Key='doc.txt')['TagSet']
            override = s3.get_object(Bucket=b, Key='doc.txt', ResponseContentType='application/json', ResponseCacheControl='no-cache')
            copy = s3.copy_object(Bucket=b, Key='copy.txt', CopySource={'Bucket': b, 'Key': 'doc.txt'})
            copied = s3.head_object(Bucket=b, Key='copy.txt')
            replaced = s3.copy_object(Bucket=b, Key='replaced.txt', CopySource=b + '/doc.txt', MetadataDirective='REPLACE',
                ContentType='image/png', Metadata={'new': 'yes'}, TaggingDirective='REPLACE', Tagging='a=b')
            replacedHead = s3.head_object(Bucket=b, Key='replaced.txt')
            sha = s3.put_object(Bucket=b, Key='sha', Body=body, ChecksumSHA256='uzbBRoYAgN7yiuoYiZFk6kfOPcFad8E8uxFLXfuKVsA=')
            sha1 = s3.put_object(Bucket=b, Key='sha1', Body=body, ChecksumAlgorithm='SHA1')
            crc = s3.get_object(Bucket=b, Key='sha1', ChecksumMode='ENABLED')
            self_copy = error(lambda: s3.copy_object(Bucket=b, Key='doc.txt', CopySource=b + '/doc.txt'))
            too_big = error(lambda: s3.put_object(Bucket=b, Key='m', Body=b'', Metadata={'big': 'x' * 2100}))
            bad_tags = error(lambda: s3.put_object_tagging(Bucket=b, Key='doc.txt', Tagging={'TagSet': [{'Key': 'k%d' % i, 'Value': 'v'} for i in range(11)]}))
            long_value = error(lambda: s3.put_object(Bucket=b, Key='t', Body=b'', Tagging='k=' + 'v' * 257))
            out({'putCrc': put.get('ChecksumCRC32C'), 'headCrc': head.get('ChecksumCRC32C'), 'plainCrc': plain.get('ChecksumCRC32C'),
                 'type': head['ContentType'], 'cache': head['CacheControl'], 'disposition': head['ContentDisposition'],
                 'encoding': head['ContentEncoding'], 'language': head['ContentLanguage'], 'expires': head['Expires'].isoformat(),
                 'meta': head['Metadata'], 'tagCount': head['ResponseMetadata']['HTTPHeaders'].get('x-amz-tagging-count'),
                 'tags': tags, 'retagged': retagged, 'overrideType': override['ContentType'], 'overrideCache': override['CacheControl'],
                 'copyEtag': copy['CopyObjectResult']['ETag'] == put['ETag'], 'copiedType': copied['ContentType'], 'copiedMeta': copied['Metadata'],
                 'copiedTags': s3.get_object_tagging(Bucket=b, Key='copy.txt')['TagSet'],
                 'replacedType': replacedHead['ContentType'], 'replacedMeta': replacedHead['Metadata'],
                 'replacedTags': s3.get_object_tagging(Bucket=b, Key='replaced.txt')['TagSet'],
                 'sha': sha.get('ChecksumSHA256'), 'sha1': crc.get('ChecksumSHA1'), 'selfCopy': self_copy, 'tooBig': too_big,
                 'badTags': bad_tags, 'longValue': long_value})
            """, StoreFixture.NewBucketName("meta"));

        Assert.Equal("Cy8XOQ==", r.GetProperty("putCrc").GetString());
        Assert.Equal("Cy8XOQ==", r.GetProperty("headCrc").GetString());
        Assert.Equal(JsonValueKind.Null, r.GetProperty("plainCrc").ValueKind);
        Assert.Equal("text/plain; charset=utf-8", r.GetProperty("type").GetString());
        Assert.Equal("max-age=3600", r.GetProperty("cache").GetString());
        Assert.Equal("attachment; filename=\"doc.txt\"", r.GetProperty("disposition").GetString());
        Assert.Equal("identity", r.GetProperty("encoding").GetString());
        Assert.Equal("en-GB", r.GetProperty("language").GetString());
        Assert.StartsWith("2040-01-02T03:04:05", r.GetProperty("expires").GetString());
        Assert.Equal("blue", r.GetProperty("meta").GetProperty("color").GetString());
        Assert.Equal("42", r.GetProperty("meta").GetProperty("owner-id").GetString());
        Assert.Equal("2", r.GetProperty("tagCount").GetString());
        Assert.Equal(["project=transporter", "stage=test run"], Tags(r.GetProperty("tags")));
        Assert.Equal(["only=one"], Tags(r.GetProperty("retagged")));
        Assert.Equal("application/json", r.GetProperty("overrideType").GetString());
        Assert.Equal("no-cache", r.GetProperty("overrideCache").GetString());
        Assert.True(r.GetProperty("copyEtag").GetBoolean());
        Assert.Equal("text/plain; charset=utf-8", r.GetProperty("copiedType").GetString());
        Assert.Equal("blue", r.GetProperty("copiedMeta").GetProperty("color").GetString());
        Assert.Equal(["only=one"], Tags(r.GetProperty("copiedTags")));
        Assert.Equal("image/png", r.GetProperty("replacedType").GetString());
        Assert.Equal(["new=yes"], r.GetProperty("replacedMeta").EnumerateObject().Select(p => $"{p.Name}={p.Value.GetString()}"));
        Assert.Equal(["a=b"], Tags(r.GetProperty("replacedTags")));
        Assert.Equal("uzbBRoYAgN7yiuoYiZFk6kfOPcFad8E8uxFLXfuKVsA=", r.GetProperty("sha").GetString());
        Assert.Equal("LupGMeUw441P/33BhJlOZVSBpVg=", r.GetProperty("sha1").GetString());
        Assert.Equal("InvalidRequest", r.GetProperty("selfCopy").GetString());
        Assert.Equal("MetadataTooLarge", r.GetProperty("tooBig").GetString());
        Assert.Equal("InvalidTag", r.GetProperty("badTags").GetString());
        Assert.Equal("InvalidTag", r.GetProperty("longValue").GetString());
    }

    [Fact]
    public async Task Conditional_gets_and_copies_follow_s3_precedence()
    {
        var r = await _boto3.JsonAsync("""
            b = sys.argv[1]
            s3.create_bucket(Bucket=b)
            etag = s3.put_object(Bucket=b, Key='k', Body=b'content')['ETag']
            past, future = datetime.datetime(2000, 1, 1), datetime.datetime(2100, 1, 1)
            def status(**kw):
                try:
                    return s3.get_object(Bucket=b, Key='k', **kw)['ResponseMetadata']['HTTPStatusCode']
                except ClientError as e:
                    return int(e.response['ResponseMetadata']['HTTPStatusCode'])
            def head(**kw):
                try:
                    return s3.head_object(Bucket=b, Key='k', **kw)['ResponseMetadata']['HTTPStatusCode']
                except ClientError as e:
                    return int(e.response['ResponseMetadata']['HTTPStatusCode'])
            out({'match': status(IfMatch=etag), 'matchWrong': status(IfMatch='"abc"'), 'noneMatch': status(IfNoneMatch=etag),
                 'noneMatchOther': status(IfNoneMatch='"abc"'), 'modifiedSinceFuture': status(IfModifiedSince=future),
                 'modifiedSincePast': status(IfModifiedSince=past), 'unmodifiedSincePast': status(IfUnmodifiedSince=past),
                 'matchBeatsUnmodified': status(IfMatch=etag, IfUnmodifiedSince=past),
                 'noneMatchBeatsModified': status(IfNoneMatch='"abc"', IfModifiedSince=future),
                 'headNoneMatch': head(IfNoneMatch=etag), 'headMatchWrong': head(IfMatch='"abc"'),
                 'copyMatchWrong': error(lambda: s3.copy_object(Bucket=b, Key='c', CopySource=b + '/k', CopySourceIfMatch='"abc"')),
                 'copyNoneMatch': error(lambda: s3.copy_object(Bucket=b, Key='c', CopySource=b + '/k', CopySourceIfNoneMatch=etag)),
                 'copyOk': error(lambda: s3.copy_object(Bucket=b, Key='c', CopySource=b + '/k', CopySourceIfMatch=etag,
                                                        CopySourceIfUnmodifiedSince=past))})
            """, StoreFixture.NewBucketName("cond"));

        Assert.Equal(200, r.GetProperty("match").GetInt32());
        Assert.Equal(412, r.GetProperty("matchWrong").GetInt32());
        Assert.Equal(304, r.GetProperty("noneMatch").GetInt32());
        Assert.Equal(200, r.GetProperty("noneMatchOther").GetInt32());
        Assert.Equal(304, r.GetProperty("modifiedSinceFuture").GetInt32());
        Assert.Equal(200, r.GetProperty("modifiedSincePast").GetInt32());
        Assert.Equal(412, r.GetProperty("unmodifiedSincePast").GetInt32());
        Assert.Equal(200, r.GetProperty("matchBeatsUnmodified").GetInt32());
        Assert.Equal(200, r.GetProperty("noneMatchBeatsModified").GetInt32());
        Assert.Equal(304, r.GetProperty("headNoneMatch").GetInt32());
        Assert.Equal(412, r.GetProperty("headMatchWrong").GetInt32());
        Assert.Equal("PreconditionFailed", r.GetProperty("copyMatchWrong").GetString());
        Assert.Equal("PreconditionFailed", r.GetProperty("copyNoneMatch").GetString());
        Assert.Equal(JsonValueKind.Null, r.GetProperty("copyOk").ValueKind);
    }

    [Fact]
    public async Task Virtual_host_style_addresses_the_bucket_from_the_host_name()
    {
        var bucket = StoreFixture.NewBucketName("vhost");
        var urls = await _boto3.JsonAsync("""
            b = sys.argv[1]
            s3.create_bucket(Bucket=b)
            s3.put_object(Bucket=b, Key='dir/file name.txt', Body=b'from a virtual host')
            port = ENDPOINT.rsplit(':', 1)[1]
            vhost = boto3.client('s3', endpoint_url='http://localhost:' + port, aws_access_key_id=AK, aws_secret_access_key=SK,
                region_name='us-east-1', config=Config(s3={'addressing_style': 'virtual'}, signature_version='s3v4'))
            out({'get': vhost.generate_presigned_url('get_object', Params={'Bucket': b, 'Key': 'dir/file name.txt'}),
                 'list': vhost.generate_presigned_url('list_objects_v2', Params={'Bucket': b})})
            """, bucket);

        var get = urls.GetProperty("get").GetString()!;
        Assert.StartsWith($"http://{bucket}.localhost:", get);
        // curl resolves *.localhost to the loopback address by itself.
        var fetched = await CommandLine.RunAsync("curl", ["-s", get]);
        Assert.Equal("from a virtual host", fetched.StdOut.TrimEnd());
        var listed = await CommandLine.RunAsync("curl", ["-s", urls.GetProperty("list").GetString()!]);
        Assert.Contains("<Key>dir/file%20name.txt</Key>", listed.StdOut); // boto3 asks for encoding-type=url
        Assert.Contains($"<Name>{bucket}</Name>", listed.StdOut);
    }

    [Fact]
    public async Task Signature_version_2_clients_work_with_headers_and_with_presigned_urls_path_and_virtual_host_style()
    {
        var bucket = StoreFixture.NewBucketName("sigv2");
        var r = await _boto3.JsonAsync("""
            b = sys.argv[1]
            port = ENDPOINT.rsplit(':', 1)[1]
            def v2(style):
                return boto3.client('s3', endpoint_url='http://localhost:' + port, aws_access_key_id=AK, aws_secret_access_key=SK,
                    region_name='us-east-1', config=Config(s3={'addressing_style': style}, signature_version='s3'))
            path, vhost = v2('path'), v2('virtual')
            path.create_bucket(Bucket=b)
            path.put_object(Bucket=b, Key='a b+c.txt', Body=b'signed with v2', Metadata={'origin': 'v2'})
            # Python cannot resolve *.localhost: the virtual-host client only signs URLs, which curl fetches.
            out({'pathList': [o['Key'] for o in path.list_objects(Bucket=b)['Contents']],
                 'pathListV2': [o['Key'] for o in path.list_objects_v2(Bucket=b)['Contents']],
                 'pathGet': path.get_object(Bucket=b, Key='a b+c.txt')['Body'].read().decode(),
                 'meta': path.head_object(Bucket=b, Key='a b+c.txt')['Metadata'],
                 'presignedGet': vhost.generate_presigned_url('get_object', Params={'Bucket': b, 'Key': 'a b+c.txt'}),
                 'presignedList': vhost.generate_presigned_url('list_objects', Params={'Bucket': b}),
                 'pathPresignedList': path.generate_presigned_url('list_objects', Params={'Bucket': b})})
            """, bucket);

        Assert.Equal(["a b+c.txt"], r.GetProperty("pathList").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal(["a b+c.txt"], r.GetProperty("pathListV2").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal("signed with v2", r.GetProperty("pathGet").GetString());
        Assert.Equal("v2", r.GetProperty("meta").GetProperty("origin").GetString());
        Assert.Equal("signed with v2", (await CommandLine.RunAsync("curl", ["-s", r.GetProperty("presignedGet").GetString()!])).StdOut.TrimEnd());
        foreach (var list in new[] { "presignedList", "pathPresignedList" })
            Assert.Contains("<Key>a%20b%2Bc.txt</Key>", (await CommandLine.RunAsync("curl", ["-s", r.GetProperty(list).GetString()!])).StdOut); // encoding-type=url
    }

    [Fact]
    public async Task Multipart_uploads_are_listed_paged_aborted_and_block_bucket_deletion()
    {
        var r = await _boto3.JsonAsync("""
            b = sys.argv[1]
            s3.create_bucket(Bucket=b)
            a1 = s3.create_multipart_upload(Bucket=b, Key='logs/a')['UploadId']
            a2 = s3.create_multipart_upload(Bucket=b, Key='logs/a')['UploadId']
            c = s3.create_multipart_upload(Bucket=b, Key='top', ChecksumAlgorithm='SHA256')['UploadId']
            for n in range(1, 4):
                s3.upload_part(Bucket=b, Key='top', UploadId=c, PartNumber=n, Body=os.urandom(5 * 1024 * 1024 if n < 3 else 100), ChecksumAlgorithm='SHA256')
            listed = s3.list_multipart_uploads(Bucket=b)
            rolled = s3.list_multipart_uploads(Bucket=b, Delimiter='/')
            first = s3.list_multipart_uploads(Bucket=b, MaxUploads=1)
            second = s3.list_multipart_uploads(Bucket=b, MaxUploads=1, KeyMarker=first['NextKeyMarker'], UploadIdMarker=first['NextUploadIdMarker'])
            parts1 = s3.list_parts(Bucket=b, Key='top', UploadId=c, MaxParts=2)
            parts2 = s3.list_parts(Bucket=b, Key='top', UploadId=c, PartNumberMarker=parts1['NextPartNumberMarker'])
            blocked = error(lambda: s3.delete_bucket(Bucket=b))
            wrong_order = error(lambda: s3.complete_multipart_upload(Bucket=b, Key='top', UploadId=c, MultipartUpload={'Parts': [
                {'PartNumber': 2, 'ETag': parts1['Parts'][1]['ETag']}, {'PartNumber': 1, 'ETag': parts1['Parts'][0]['ETag']}]}))
            wrong_etag = error(lambda: s3.complete_multipart_upload(Bucket=b, Key='top', UploadId=c, MultipartUpload={'Parts': [
                {'PartNumber': 1, 'ETag': '"00000000000000000000000000000000"'}]}))
            done = s3.complete_multipart_upload(Bucket=b, Key='top', UploadId=c, MultipartUpload={'Parts': [
                {'PartNumber': p['PartNumber'], 'ETag': p['ETag'], 'ChecksumSHA256': p['ChecksumSHA256']} for p in parts1['Parts'] + parts2['Parts']]})
            part2 = s3.get_object(Bucket=b, Key='top', PartNumber=2)
            head = s3.head_object(Bucket=b, Key='top', ChecksumMode='ENABLED')
            s3.abort_multipart_upload(Bucket=b, Key='logs/a', UploadId=a1)
            gone = error(lambda: s3.list_parts(Bucket=b, Key='logs/a', UploadId=a1))
            again = error(lambda: s3.abort_multipart_upload(Bucket=b, Key='logs/a', UploadId=a1))
            s3.abort_multipart_upload(Bucket=b, Key='logs/a', UploadId=a2)
            s3.delete_object(Bucket=b, Key='top')
            s3.delete_bucket(Bucket=b)
            out({'keys': [u['Key'] for u in listed['Uploads']], 'prefixes': [p['Prefix'] for p in rolled.get('CommonPrefixes', [])],
                 'rolledUploads': [u['Key'] for u in rolled.get('Uploads', [])], 'firstTruncated': first['IsTruncated'],
                 'pagedIds': [first['Uploads'][0]['UploadId'], second['Uploads'][0]['UploadId']], 'ids': [a1, a2, c],
                 'parts1': [p['PartNumber'] for p in parts1['Parts']], 'parts2': [p['PartNumber'] for p in parts2['Parts']],
                 'truncated': parts1['IsTruncated'], 'blocked': blocked, 'wrongOrder': wrong_order, 'wrongEtag': wrong_etag,
                 'etag': done['ETag'], 'checksum': done.get('ChecksumSHA256'), 'headChecksum': head.get('ChecksumSHA256'),
                 'part2Length': part2['ContentLength'], 'partsCount': part2.get('PartsCount'), 'gone': gone, 'again': again,
                 'bucketsLeft': [x['Name'] for x in s3.list_buckets()['Buckets'] if x['Name'] == b]})
            """, StoreFixture.NewBucketName("uploads"));

        Assert.Equal(["logs/a", "logs/a", "top"], r.GetProperty("keys").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["logs/"], r.GetProperty("prefixes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["top"], r.GetProperty("rolledUploads").EnumerateArray().Select(e => e.GetString()));
        Assert.True(r.GetProperty("firstTruncated").GetBoolean());
        var ids = r.GetProperty("ids").EnumerateArray().Select(e => e.GetString()).ToList();
        // Two uploads of one key created within the same millisecond may list in either order.
        Assert.Equal(ids.Take(2).Order(), r.GetProperty("pagedIds").EnumerateArray().Select(e => e.GetString()).Order());
        Assert.Equal([1, 2], r.GetProperty("parts1").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([3], r.GetProperty("parts2").EnumerateArray().Select(e => e.GetInt32()));
        Assert.True(r.GetProperty("truncated").GetBoolean());
        Assert.Equal("BucketNotEmpty", r.GetProperty("blocked").GetString());
        Assert.Equal("InvalidPartOrder", r.GetProperty("wrongOrder").GetString());
        Assert.Equal("InvalidPart", r.GetProperty("wrongEtag").GetString());
        Assert.EndsWith("-3\"", r.GetProperty("etag").GetString());
        Assert.EndsWith("-3", r.GetProperty("checksum").GetString());
        Assert.Equal(r.GetProperty("checksum").GetString(), r.GetProperty("headChecksum").GetString());
        Assert.Equal(5 * 1024 * 1024, r.GetProperty("part2Length").GetInt32());
        Assert.Equal(3, r.GetProperty("partsCount").GetInt32());
        Assert.Equal("NoSuchUpload", r.GetProperty("gone").GetString());
        Assert.Equal("NoSuchUpload", r.GetProperty("again").GetString());
        Assert.Empty(r.GetProperty("bucketsLeft").EnumerateArray());
    }

    [Fact]
    public async Task Bucket_location_versioning_tag_deletion_and_request_ids()
    {
        var r = await _boto3.JsonAsync("""
            b = sys.argv[1]
            s3.create_bucket(Bucket=b, CreateBucketConfiguration={'LocationConstraint': 'eu-west-1'})
            s3.put_object(Bucket=b, Key='t', Body=b'x', Tagging='a=1')
            s3.delete_object_tagging(Bucket=b, Key='t')
            ok = s3.head_object(Bucket=b, Key='t')['ResponseMetadata']['HTTPHeaders']
            failed = raw('GET', '/%s/missing' % b)
            out({'location': s3.get_bucket_location(Bucket=b).get('LocationConstraint'),
                 'versioning': s3.get_bucket_versioning(Bucket=b).get('Status'),
                 'tags': s3.get_object_tagging(Bucket=b, Key='t')['TagSet'], 'tagCount': ok.get('x-amz-tagging-count'),
                 'okId': ok.get('x-amz-request-id'), 'okId2': ok.get('x-amz-id-2'),
                 'errorId': failed.headers.get('x-amz-request-id'), 'errorBody': failed.text})
            """, StoreFixture.NewBucketName("loc"));

        Assert.Equal(JsonValueKind.Null, r.GetProperty("location").ValueKind); // us-east-1, reported as AWS does
        Assert.Equal(JsonValueKind.Null, r.GetProperty("versioning").ValueKind);
        Assert.Empty(r.GetProperty("tags").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, r.GetProperty("tagCount").ValueKind);
        Assert.Matches("^[0-9A-F]{16}$", r.GetProperty("okId").GetString());
        Assert.False(string.IsNullOrEmpty(r.GetProperty("okId2").GetString()));
        var errorId = r.GetProperty("errorId").GetString()!;
        Assert.Contains($"<RequestId>{errorId}</RequestId>", r.GetProperty("errorBody").GetString());
        Assert.Contains("<Code>NoSuchKey</Code>", r.GetProperty("errorBody").GetString());
    }

    private static List<string> Tags(JsonElement tagSet) =>
        tagSet.EnumerateArray().Select(t => $"{t.GetProperty("Key").GetString()}={t.GetProperty("Value").GetString()}").ToList();
}
