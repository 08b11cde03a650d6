using System.Text.Json;

namespace Transporter.Store.Tests.Peers;

/// <summary>Bucket lifecycle with boto3 and the AWS CLI: configuration round trip and S3's refusals, x-amz-expiration
/// on HEAD/GET, and the platform's own sweeper (every second here) expiring objects by a past date.</summary>
[Collection(StoreCollection.Name)]
public class LifecycleTests(StoreFixture store)
{
    private readonly Boto3 _boto3 = new(store);
    private readonly AwsCli _aws = new(store);

    [Fact]
    public async Task Lifecycle_configuration_is_validated_reported_and_applied_by_the_sweeper()
    {
        var bucket = StoreFixture.NewBucketName("lifecycle");
        var r = await _boto3.JsonAsync("""
            b = sys.argv[1]
            s3.create_bucket(Bucket=b)
            results = {'none': error(lambda: s3.get_bucket_lifecycle_configuration(Bucket=b))}
            for k in ['old/a', 'old/b', 'new/c', 'tmp/d']:
                s3.put_object(Bucket=b, Key=k, Body=b'x')
            yesterday = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
            rules = [{'ID': 'old-by-date', 'Filter': {'Prefix': 'old/'}, 'Status': 'Enabled', 'Expiration': {'Date': yesterday}},
                     {'ID': 'tmp-week', 'Filter': {'And': {'Prefix': 'tmp/', 'ObjectSizeLessThan': 1000}}, 'Status': 'Enabled', 'Expiration': {'Days': 7},
                      'AbortIncompleteMultipartUpload': {'DaysAfterInitiation': 1}}]
            def put(rules):
                return error(lambda: s3.put_bucket_lifecycle_configuration(Bucket=b, LifecycleConfiguration={'Rules': rules}))
            results['transition'] = put([{'ID': 't', 'Filter': {}, 'Status': 'Enabled', 'Transitions': [{'Days': 30, 'StorageClass': 'GLACIER'}]}])
            results['zeroDays'] = put([{'ID': 'z', 'Filter': {}, 'Status': 'Enabled', 'Expiration': {'Days': 0}}])
            results['noAction'] = put([{'ID': 'n', 'Filter': {}, 'Status': 'Enabled'}])
            body = b'<LifecycleConfiguration><Rule><Filter/><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration>'
            noMd5 = raw('PUT', '/' + b, body, query='lifecycle')
            results['noMd5'] = [noMd5.status_code, code(noMd5)]
            results['put'] = put(rules)
            stored = s3.get_bucket_lifecycle_configuration(Bucket=b)['Rules']
            results['stored'] = [[x['ID'], x['Status']] for x in stored]
            results['tmpExpiration'] = s3.head_object(Bucket=b, Key='tmp/d').get('Expiration', '')
            results['newExpiration'] = s3.head_object(Bucket=b, Key='new/c').get('Expiration')
            deadline = time.time() + 30
            while time.time() < deadline:
                keys = sorted(o['Key'] for o in s3.list_objects_v2(Bucket=b).get('Contents', []))
                if not any(k.startswith('old/') for k in keys):
                    break
                time.sleep(0.2)
            results['afterSweep'] = keys
            s3.delete_bucket_lifecycle(Bucket=b)
            results['deleted'] = error(lambda: s3.get_bucket_lifecycle_configuration(Bucket=b))
            out(results)
            """, bucket);

        Assert.Equal("NoSuchLifecycleConfiguration", r.GetProperty("none").GetString());
        Assert.Equal("InvalidStorageClass", r.GetProperty("transition").GetString());
        Assert.Equal("InvalidArgument", r.GetProperty("zeroDays").GetString());
        Assert.Equal("InvalidRequest", r.GetProperty("noAction").GetString());
        Assert.Equal("[400,\"InvalidRequest\"]", JsonSerializer.Serialize(r.GetProperty("noMd5")));
        Assert.Equal(JsonValueKind.Null, r.GetProperty("put").ValueKind);
        Assert.Equal("[[\"old-by-date\",\"Enabled\"],[\"tmp-week\",\"Enabled\"]]", JsonSerializer.Serialize(r.GetProperty("stored")));
        Assert.Matches("^expiry-date=\"[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} 00:00:00 GMT\", rule-id=\"tmp-week\"$", r.GetProperty("tmpExpiration").GetString());
        Assert.Equal(JsonValueKind.Null, r.GetProperty("newExpiration").ValueKind);
        Assert.Equal("[\"new/c\",\"tmp/d\"]", JsonSerializer.Serialize(r.GetProperty("afterSweep")));
        Assert.Equal("NoSuchLifecycleConfiguration", r.GetProperty("deleted").GetString());

        var file = Path.Combine(Transporter.Testing.RepoPaths.NewTempDir("aws-lifecycle"), "rules.json");
        await File.WriteAllTextAsync(file, """{"Rules":[{"ID":"logs","Filter":{"Prefix":"logs/"},"Status":"Enabled","Expiration":{"Days":10},"NoncurrentVersionExpiration":{"NoncurrentDays":2}}]}""");
        await _aws.ApiAsync("put-bucket-lifecycle-configuration", "--bucket", bucket, "--lifecycle-configuration", "file://" + file);
        var cli = await _aws.ApiAsync("get-bucket-lifecycle-configuration", "--bucket", bucket);
        Assert.Equal(2, cli.GetProperty("Rules")[0].GetProperty("NoncurrentVersionExpiration").GetProperty("NoncurrentDays").GetInt32());
    }
}
