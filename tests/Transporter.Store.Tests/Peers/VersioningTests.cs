using System.Text.Json;

namespace Transporter.Store.Tests.Peers;

/// <summary>Bucket versioning with boto3 (client and resource APIs) and the AWS CLI: version ids on every write,
/// reads and deletes by version, delete markers, the null version while suspended, ListObjectVersions paging,
/// DeleteObjects with versions, multipart and copy into versioned buckets, and the refusals.</summary>
[Collection(StoreCollection.Name)]
public class VersioningTests(StoreFixture store)
{
    private readonly Boto3 _boto3 = new(store);
    private readonly AwsCli _aws = new(store);

    [Fact]
    public async Task Versions_delete_markers_and_the_null_version_behave_as_in_s3()
    {
        var r = await _boto3.JsonAsync("""
            b = sys.argv[1]
            s3.create_bucket(Bucket=b)
            results = {'initial': s3.get_bucket_versioning(Bucket=b).get('Status')}
            s3.put_object(Bucket=b, Key='k', Body=b'before')
            s3.put_bucket_versioning(Bucket=b, VersioningConfiguration={'Status': 'Enabled'})
            results['enabled'] = s3.get_bucket_versioning(Bucket=b).get('Status')
            v1 = s3.put_object(Bucket=b, Key='k', Body=b'one')['VersionId']
            v2 = s3.put_object(Bucket=b, Key='k', Body=b'two')['VersionId']
            read = lambda **kw: s3.get_object(Bucket=b, Key='k', **kw)['Body'].read().decode()
            results['reads'] = [read(), read(VersionId=v1), read(VersionId='null')]
            head = s3.head_object(Bucket=b, Key='k', VersionId=v1)
            results['headVersion'] = head['VersionId'] == v1 and head['ContentLength'] == 3
            results['getVersionHeader'] = s3.get_object(Bucket=b, Key='k')['VersionId'] == v2
            marker = s3.delete_object(Bucket=b, Key='k')
            results['marker'] = [marker['DeleteMarker'], marker['VersionId'] not in (v1, v2, 'null')]
            try:
                s3.get_object(Bucket=b, Key='k')
            except ClientError as e:
                h = e.response['ResponseMetadata']['HTTPHeaders']
                results['hidden'] = [e.response['Error']['Code'], h.get('x-amz-delete-marker'), h.get('x-amz-version-id') == marker['VersionId']]
            markerGet = raw('GET', '/%s/k' % b, query='versionId=' + marker['VersionId'])
            results['markerGet'] = [markerGet.status_code, code(markerGet), markerGet.headers.get('x-amz-delete-marker')]
            results['listed'] = [o['Key'] for o in s3.list_objects_v2(Bucket=b).get('Contents', [])]
            versions = s3.list_object_versions(Bucket=b)
            results['versions'] = [[v['VersionId'] == x for x in (v2, v1, 'null')] + [v['IsLatest']] for v in versions['Versions']]
            results['markers'] = [[m['VersionId'] == marker['VersionId'], m['IsLatest']] for m in versions['DeleteMarkers']]
            undelete = s3.delete_object(Bucket=b, Key='k', VersionId=marker['VersionId'])
            results['undelete'] = [undelete['DeleteMarker'], read()]
            s3.delete_object(Bucket=b, Key='k', VersionId=v2)
            results['afterRemovingCurrent'] = read()
            results['missingVersion'] = error(lambda: s3.get_object(Bucket=b, Key='k', VersionId=v2))
            results['badVersion'] = error(lambda: s3.get_object(Bucket=b, Key='k', VersionId='not-a-version'))
            s3.put_bucket_versioning(Bucket=b, VersioningConfiguration={'Status': 'Suspended'})
            results['suspended'] = s3.get_bucket_versioning(Bucket=b).get('Status')
            results['suspendedPut'] = s3.put_object(Bucket=b, Key='k', Body=b'replaces null').get('VersionId')
            results['afterSuspend'] = sorted((v['VersionId'] == 'null', v['Size']) for v in s3.list_object_versions(Bucket=b)['Versions'])
            nullMarker = s3.delete_object(Bucket=b, Key='k')
            results['nullMarker'] = [nullMarker.get('DeleteMarker'), nullMarker.get('VersionId')]
            results['notEmpty'] = error(lambda: s3.delete_bucket(Bucket=b))
            out(results)
            """, StoreFixture.NewBucketName("vers"));

        Assert.Equal(JsonValueKind.Null, r.GetProperty("initial").ValueKind);
        Assert.Equal("Enabled", r.GetProperty("enabled").GetString());
        Assert.Equal(["two", "one", "before"], r.GetProperty("reads").EnumerateArray().Select(x => x.GetString()));
        Assert.True(r.GetProperty("headVersion").GetBoolean());
        Assert.True(r.GetProperty("getVersionHeader").GetBoolean());
        Assert.Equal([true, true], r.GetProperty("marker").EnumerateArray().Select(x => x.GetBoolean()));
        Assert.Equal("NoSuchKey", r.GetProperty("hidden")[0].GetString());
        Assert.Equal("true", r.GetProperty("hidden")[1].GetString());
        Assert.True(r.GetProperty("hidden")[2].GetBoolean());
        Assert.Equal(405, r.GetProperty("markerGet")[0].GetInt32());
        Assert.Equal("MethodNotAllowed", r.GetProperty("markerGet")[1].GetString());
        Assert.Equal("true", r.GetProperty("markerGet")[2].GetString());
        Assert.Empty(r.GetProperty("listed").EnumerateArray());
        // Newest first: v2, v1, null; none of them latest (the marker is).
        Assert.Equal("[[true,false,false,false],[false,true,false,false],[false,false,true,false]]", Compact(r.GetProperty("versions")));
        Assert.Equal("[[true,true]]", Compact(r.GetProperty("markers")));
        Assert.Equal("[true,\"two\"]", Compact(r.GetProperty("undelete")));
        Assert.Equal("one", r.GetProperty("afterRemovingCurrent").GetString());
        Assert.Equal("NoSuchVersion", r.GetProperty("missingVersion").GetString());
        Assert.Equal("InvalidArgument", r.GetProperty("badVersion").GetString());
        Assert.Equal("Suspended", r.GetProperty("suspended").GetString());
        Assert.Equal("null", r.GetProperty("suspendedPut").GetString());
        // The suspended write replaced the "null" version ("before"); v1 stays.
        Assert.Equal("[[false,3],[true,13]]", Compact(r.GetProperty("afterSuspend")));
        Assert.Equal("[true,\"null\"]", Compact(r.GetProperty("nullMarker")));
        Assert.Equal("BucketNotEmpty", r.GetProperty("notEmpty").GetString());
    }

    [Fact]
    public async Task Version_listing_pages_and_multi_delete_copy_multipart_and_tags_work_on_versions()
    {
        var r = await _boto3.JsonAsync("""
            b = sys.argv[1]
            s3.create_bucket(Bucket=b)
            s3.put_bucket_versioning(Bucket=b, VersioningConfiguration={'Status': 'Enabled'})
            made = []
            for key in ['a', 'dir/b', 'dir/c', 'z']:
                for i in range(3):
                    made.append((key, s3.put_object(Bucket=b, Key=key, Body=('%s-%d' % (key, i)).encode())['VersionId']))
            paged = []
            for page in s3.get_paginator('list_object_versions').paginate(Bucket=b, PaginationConfig={'PageSize': 2}):
                paged += [(v['Key'], v['VersionId']) for v in page.get('Versions', [])]
            expected = []
            for key in ['a', 'dir/b', 'dir/c', 'z']:
                expected += list(reversed([m for m in made if m[0] == key]))
            results = {'paged': paged == expected, 'count': len(paged)}
            rolled = s3.list_object_versions(Bucket=b, Delimiter='/', Prefix='', EncodingType='url')
            results['rolled'] = [[p['Prefix'] for p in rolled.get('CommonPrefixes', [])], sorted(set(v['Key'] for v in rolled['Versions']))]

            a = [m[1] for m in made if m[0] == 'a']
            deleted = s3.delete_objects(Bucket=b, Delete={'Objects': [{'Key': 'a', 'VersionId': a[0]}, {'Key': 'z'}, {'Key': 'a', 'VersionId': 'bad id'}]})
            results['deleted'] = sorted([d['Key'], d.get('VersionId') == a[0], d.get('DeleteMarker', False)] for d in deleted['Deleted'])
            results['errors'] = [[e['Key'], e['Code']] for e in deleted.get('Errors', [])]

            copy = s3.copy_object(Bucket=b, Key='copied', CopySource={'Bucket': b, 'Key': 'a', 'VersionId': a[1]})
            results['copy'] = [copy['CopySourceVersionId'] == a[1], bool(copy['VersionId']), s3.get_object(Bucket=b, Key='copied')['Body'].read().decode()]

            upload = s3.create_multipart_upload(Bucket=b, Key='multi')['UploadId']
            part = s3.upload_part(Bucket=b, Key='multi', UploadId=upload, PartNumber=1, Body=b'multipart body')
            done = s3.complete_multipart_upload(Bucket=b, Key='multi', UploadId=upload, MultipartUpload={'Parts': [{'PartNumber': 1, 'ETag': part['ETag']}]})
            results['multipart'] = done['VersionId'] == s3.head_object(Bucket=b, Key='multi')['VersionId']

            s3.put_object_tagging(Bucket=b, Key='a', VersionId=a[1], Tagging={'TagSet': [{'Key': 'old', 'Value': 'yes'}]})
            results['tags'] = [s3.get_object_tagging(Bucket=b, Key='a', VersionId=a[1])['TagSet'], s3.get_object_tagging(Bucket=b, Key='a')['TagSet']]

            resource = boto3.resource('s3', endpoint_url=ENDPOINT, aws_access_key_id=AK, aws_secret_access_key=SK, region_name='us-east-1',
                config=Config(s3={'addressing_style': 'path'}))
            bucket = resource.Bucket(b)
            results['resourceVersions'] = len(list(bucket.object_versions.filter(Prefix='dir/')))
            resource.BucketVersioning(b).suspend()
            results['resourceStatus'] = resource.BucketVersioning(b).status
            bucket.object_versions.delete()
            results['afterDeleteAll'] = s3.list_object_versions(Bucket=b).get('Versions', []) + s3.list_object_versions(Bucket=b).get('DeleteMarkers', [])
            s3.delete_bucket(Bucket=b)
            out(results)
            """, StoreFixture.NewBucketName("verlist"));

        Assert.True(r.GetProperty("paged").GetBoolean());
        Assert.Equal(12, r.GetProperty("count").GetInt32());
        Assert.Equal("[[\"dir/\"],[\"a\",\"z\"]]", Compact(r.GetProperty("rolled")));
        Assert.Equal("[[\"a\",true,false],[\"z\",false,true]]", Compact(r.GetProperty("deleted")));
        Assert.Equal("[[\"a\",\"InvalidArgument\"]]", Compact(r.GetProperty("errors")));
        Assert.Equal("[true,true,\"a-1\"]", Compact(r.GetProperty("copy")));
        Assert.True(r.GetProperty("multipart").GetBoolean());
        Assert.Equal("[[{\"Key\":\"old\",\"Value\":\"yes\"}],[]]", Compact(r.GetProperty("tags")));
        Assert.Equal(6, r.GetProperty("resourceVersions").GetInt32());
        Assert.Equal("Suspended", r.GetProperty("resourceStatus").GetString());
        Assert.Empty(r.GetProperty("afterDeleteAll").EnumerateArray());
    }

    [Fact]
    public async Task The_aws_cli_lists_and_deletes_versions()
    {
        var bucket = StoreFixture.NewBucketName("vercli");
        await _aws.ApiAsync("create-bucket", "--bucket", bucket);
        await _aws.ApiAsync("put-bucket-versioning", "--bucket", bucket, "--versioning-configuration", "Status=Enabled");
        var file = Path.Combine(Transporter.Testing.RepoPaths.NewTempDir("aws-ver"), "f");
        await File.WriteAllTextAsync(file, "content");
        var first = (await _aws.ApiAsync("put-object", "--bucket", bucket, "--key", "f", "--body", file)).GetProperty("VersionId").GetString()!;
        await _aws.ApiAsync("put-object", "--bucket", bucket, "--key", "f", "--body", file);
        await _aws.ApiAsync("delete-object", "--bucket", bucket, "--key", "f");

        var listed = await _aws.ApiAsync("list-object-versions", "--bucket", bucket);
        Assert.Equal(2, listed.GetProperty("Versions").GetArrayLength());
        Assert.Equal(1, listed.GetProperty("DeleteMarkers").GetArrayLength());
        var removed = await _aws.ApiAsync("delete-object", "--bucket", bucket, "--key", "f", "--version-id", first);
        Assert.Equal(first, removed.GetProperty("VersionId").GetString());
        Assert.Equal(1, (await _aws.ApiAsync("list-object-versions", "--bucket", bucket)).GetProperty("Versions").GetArrayLength());
        Assert.Equal("Enabled", (await _aws.ApiAsync("get-bucket-versioning", "--bucket", bucket)).GetProperty("Status").GetString());
        var malformed = await _aws.RunAsync("s3api", "put-bucket-versioning", "--bucket", bucket, "--versioning-configuration", "Status=Sometimes");
        Assert.NotEqual(0, malformed.ExitCode);
    }

    /// <summary>The JSON Python printed, without the spaces json.dumps puts after separators.</summary>
    private static string Compact(JsonElement element) => JsonSerializer.Serialize(element);
}
