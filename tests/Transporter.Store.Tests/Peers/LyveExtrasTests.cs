using System.Text.Json;

namespace Transporter.Store.Tests.Peers;

/// <summary>The Lyve extras of the spec, driven by boto3-signed requests, boto3 and curl: replication-policy at
/// CreateBucket, rs-info and rs-bucket-stats, rs-presign links (up to 30 days), the speed tests, bucket tagging, and
/// bucket logging with access-log objects delivered to the target bucket.</summary>
[Collection(StoreCollection.Name)]
public class LyveExtrasTests(StoreFixture store)
{
    private readonly Boto3 _boto3 = new(store);

    [Fact]
    public async Task Replication_policy_bucket_info_stats_presigned_links_and_speed_tests()
    {
        var bucket = StoreFixture.NewBucketName("lyve");
        var r = await _boto3.JsonAsync("""
            b = sys.argv[1]
            created = raw('PUT', '/' + b, query='replication-policy=DCA02,DEN02')
            results = {'created': created.status_code}
            results['badPolicy'] = code(raw('PUT', '/' + b + '-bad', query='replication-policy=DC%20A'))
            s3.put_object(Bucket=b, Key='dir/file.txt', Body=b'0123456789')
            results['info'] = raw('GET', '/' + b, query='rs-info').json()
            stats = raw('GET', '/', query='rs-bucket-stats').json()
            results['stats'] = stats[b]
            def presign(days):
                when = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=days)).strftime('%Y-%m-%dT%H:%M:%S.000Z')
                return raw('POST', '/%s/dir/file.txt' % b, ('ExpirationDate=' + requests.utils.quote(when, safe='')).encode(),
                           {'Content-Type': 'application/x-www-form-urlencoded'}, query='rs-presign')
            link = presign(20)
            results['link'] = [link.status_code, link.json()['accessKeyId'] == AK]
            results['fetched'] = requests.get(link.json()['link']).text
            results['tooLong'] = code(presign(31))
            results['past'] = code(presign(-1))
            download = raw('GET', '/speedtest/download', headers={'X-Lyve-Speedteest': '1'})
            results['download'] = [download.status_code, len(download.content) > 1024 * 1024]
            upload = raw('PUT', '/speedtest/upload', os.urandom(1024 * 1024), {'X-Lyve-Speedteest': '1'})
            results['upload'] = upload.status_code
            results['noTag'] = error(lambda: s3.get_bucket_tagging(Bucket=b))
            s3.put_bucket_tagging(Bucket=b, Tagging={'TagSet': [{'Key': 'Format', 'Value': 'Image'}, {'Key': 'Type', 'Value': 'Script'}]})
            results['tags'] = s3.get_bucket_tagging(Bucket=b)['TagSet']
            results['tooManyTags'] = error(lambda: s3.put_bucket_tagging(Bucket=b, Tagging={'TagSet': [{'Key': 'k%d' % i, 'Value': 'v'} for i in range(11)]}))
            s3.delete_bucket_tagging(Bucket=b)
            results['tagsDeleted'] = error(lambda: s3.get_bucket_tagging(Bucket=b))
            out(results)
            """, bucket);

        Assert.Equal(200, r.GetProperty("created").GetInt32());
        Assert.Equal("InvalidArgument", r.GetProperty("badPolicy").GetString());
        Assert.Equal("{\"bucketSize\":10,\"replicationPolicy\":[\"DCA02\",\"DEN02\"],\"isPublic\":false}", JsonSerializer.Serialize(r.GetProperty("info")));
        Assert.Equal("{\"size\":10,\"objects\":1,\"replicationPolicy\":[\"DCA02\",\"DEN02\"]}", JsonSerializer.Serialize(r.GetProperty("stats")));
        Assert.Equal("[200,true]", JsonSerializer.Serialize(r.GetProperty("link")));
        Assert.Equal("0123456789", r.GetProperty("fetched").GetString());
        Assert.Equal("InvalidArgument", r.GetProperty("tooLong").GetString());
        Assert.Equal("InvalidArgument", r.GetProperty("past").GetString());
        Assert.Equal("[200,true]", JsonSerializer.Serialize(r.GetProperty("download")));
        Assert.Equal(204, r.GetProperty("upload").GetInt32());
        Assert.Equal("NoSuchTagSet", r.GetProperty("noTag").GetString());
        Assert.Equal("[{\"Key\":\"Format\",\"Value\":\"Image\"},{\"Key\":\"Type\",\"Value\":\"Script\"}]", JsonSerializer.Serialize(r.GetProperty("tags")));
        Assert.Equal("InvalidTag", r.GetProperty("tooManyTags").GetString());
        Assert.Equal("NoSuchTagSet", r.GetProperty("tagsDeleted").GetString());
    }

    [Fact]
    public async Task Bucket_logging_delivers_access_log_objects_to_the_target_bucket_and_prefix()
    {
        var bucket = StoreFixture.NewBucketName("logged");
        var r = await _boto3.JsonAsync("""
            b = sys.argv[1]
            target = b + '-logs'
            s3.create_bucket(Bucket=b)
            s3.create_bucket(Bucket=target)
            results = {'disabled': s3.get_bucket_logging(Bucket=b).get('LoggingEnabled')}
            results['missingTarget'] = error(lambda: s3.put_bucket_logging(Bucket=b, BucketLoggingStatus={'LoggingEnabled': {'TargetBucket': 'no-such-' + b[:30], 'TargetPrefix': 'x/'}}))
            body = ('<BucketLoggingStatus xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LoggingEnabled><TargetBucket>%s</TargetBucket>'
                    '<TargetPrefix>access/</TargetPrefix><TargetGrants><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="AccessKey">'
                    '<ID>%s</ID></Grantee></Grant></TargetGrants></LoggingEnabled></BucketLoggingStatus>') % (target, AK)
            put = raw('PUT', '/' + b, body.encode(), {'Content-MD5': base64.b64encode(hashlib.md5(body.encode()).digest()).decode()}, query='logging')
            results['put'] = put.status_code
            enabled = s3.get_bucket_logging(Bucket=b)['LoggingEnabled']
            results['enabled'] = [enabled['TargetBucket'] == target, enabled['TargetPrefix']]
            s3.put_object(Bucket=b, Key='logged-key.txt', Body=b'hello')
            s3.get_object(Bucket=b, Key='logged-key.txt')['Body'].read()
            error(lambda: s3.get_object(Bucket=b, Key='missing-key'))
            deadline, text = time.time() + 30, ''
            while time.time() < deadline:
                keys = [o['Key'] for o in s3.list_objects_v2(Bucket=target).get('Contents', [])]
                text = ''.join(s3.get_object(Bucket=target, Key=k)['Body'].read().decode() for k in keys)
                if 'missing-key' in text and 'logged-key.txt' in text:
                    break
                time.sleep(0.2)
            results['prefixes'] = sorted(set(k.split('/')[0] + '/' for k in keys))
            lines = text.splitlines()
            results['put'] = [l for l in lines if 's3:PutObject' in l and 'logged-key.txt' in l][:1]
            results['missing'] = [l for l in lines if 'missing-key' in l][:1]
            s3.put_bucket_logging(Bucket=b, BucketLoggingStatus={})
            results['off'] = s3.get_bucket_logging(Bucket=b).get('LoggingEnabled')
            out(results)
            """, bucket);

        Assert.Equal(JsonValueKind.Null, r.GetProperty("disabled").ValueKind);
        Assert.Equal("InvalidTargetBucketForLogging", r.GetProperty("missingTarget").GetString());
        Assert.Equal("[true,\"access/\"]", JsonSerializer.Serialize(r.GetProperty("enabled")));
        Assert.Equal("[\"access/\"]", JsonSerializer.Serialize(r.GetProperty("prefixes")));
        var put = r.GetProperty("put")[0].GetString()!;
        Assert.Contains($"default {bucket} [", put);
        Assert.Contains($"\"{store.Platform.RootAccessKey}\"", put);
        Assert.Contains("\"200\" \"-\"", put);
        Assert.Contains("SigV4", put);
        Assert.Contains("\"404\" \"NoSuchKey\"", r.GetProperty("missing")[0].GetString());
        Assert.Equal(JsonValueKind.Null, r.GetProperty("off").ValueKind);
    }
}
