using System.Text.Json;

namespace Transporter.Store.Tests.Peers;

/// <summary>Object lock with boto3 and the AWS CLI: buckets created with lock, default retention, GOVERNANCE (and its
/// bypass), COMPLIANCE, legal holds, and every refusal S3 makes around them.</summary>
[Collection(StoreCollection.Name)]
public class ObjectLockTests(StoreFixture store)
{
    private readonly Boto3 _boto3 = new(store);
    private readonly AwsCli _aws = new(store);

    [Fact]
    public async Task Locked_versions_cannot_be_removed_before_their_date_or_while_on_legal_hold()
    {
        var r = await _boto3.JsonAsync("""
            b = sys.argv[1]
            s3.create_bucket(Bucket=b, ObjectLockEnabledForBucket=True)
            now = datetime.datetime.now(datetime.timezone.utc)
            results = {'versioning': s3.get_bucket_versioning(Bucket=b).get('Status'),
                       'config': s3.get_object_lock_configuration(Bucket=b)['ObjectLockConfiguration']}
            s3.put_object_lock_configuration(Bucket=b, ObjectLockConfiguration={'ObjectLockEnabled': 'Enabled',
                'Rule': {'DefaultRetention': {'Mode': 'GOVERNANCE', 'Days': 1}}})
            results['rule'] = s3.get_object_lock_configuration(Bucket=b)['ObjectLockConfiguration']['Rule']
            v = s3.put_object(Bucket=b, Key='gov', Body=b'governed')['VersionId']
            head = s3.head_object(Bucket=b, Key='gov')
            results['defaultApplied'] = [head['ObjectLockMode'], 23 * 3600 < (head['ObjectLockRetainUntilDate'] - now).total_seconds() < 25 * 3600]
            results['govDelete'] = error(lambda: s3.delete_object(Bucket=b, Key='gov', VersionId=v))
            results['marker'] = s3.delete_object(Bucket=b, Key='gov').get('DeleteMarker')
            results['govShorten'] = error(lambda: s3.put_object_retention(Bucket=b, Key='gov', VersionId=v,
                Retention={'Mode': 'GOVERNANCE', 'RetainUntilDate': now + datetime.timedelta(hours=1)}))
            s3.put_object_retention(Bucket=b, Key='gov', VersionId=v, BypassGovernanceRetention=True,
                Retention={'Mode': 'GOVERNANCE', 'RetainUntilDate': now + datetime.timedelta(hours=1)})
            results['govBypass'] = s3.delete_object(Bucket=b, Key='gov', VersionId=v, BypassGovernanceRetention=True)['ResponseMetadata']['HTTPStatusCode']

            until = now + datetime.timedelta(hours=2)
            c = s3.put_object(Bucket=b, Key='comp', Body=b'compliant', ObjectLockMode='COMPLIANCE', ObjectLockRetainUntilDate=until,
                ContentMD5=base64.b64encode(hashlib.md5(b'compliant').digest()).decode())['VersionId']
            results['retention'] = s3.get_object_retention(Bucket=b, Key='comp', VersionId=c)['Retention']['Mode']
            results['compDelete'] = error(lambda: s3.delete_object(Bucket=b, Key='comp', VersionId=c, BypassGovernanceRetention=True))
            results['compWeaken'] = error(lambda: s3.put_object_retention(Bucket=b, Key='comp', VersionId=c, BypassGovernanceRetention=True,
                Retention={'Mode': 'GOVERNANCE', 'RetainUntilDate': until}))
            s3.put_object_retention(Bucket=b, Key='comp', VersionId=c, Retention={'Mode': 'COMPLIANCE', 'RetainUntilDate': until + datetime.timedelta(days=1)})
            results['extended'] = round((s3.get_object_retention(Bucket=b, Key='comp', VersionId=c)['Retention']['RetainUntilDate'] - until).total_seconds() / 86400)

            h = s3.put_object(Bucket=b, Key='held', Body=b'held', ObjectLockLegalHoldStatus='ON',
                ContentMD5=base64.b64encode(hashlib.md5(b'held').digest()).decode())['VersionId']
            s3.put_object_retention(Bucket=b, Key='held', VersionId=h, BypassGovernanceRetention=True, Retention={})
            results['hold'] = s3.get_object_legal_hold(Bucket=b, Key='held', VersionId=h)['LegalHold']['Status']
            results['holdDelete'] = error(lambda: s3.delete_object(Bucket=b, Key='held', VersionId=h, BypassGovernanceRetention=True))
            multi = s3.delete_objects(Bucket=b, BypassGovernanceRetention=True, Delete={'Objects': [{'Key': 'held', 'VersionId': h}, {'Key': 'other'}]})
            results['multi'] = [[e['Key'], e['Code']] for e in multi.get('Errors', [])] + [[d['Key'], 'deleted'] for d in multi.get('Deleted', [])]
            s3.put_object_legal_hold(Bucket=b, Key='held', VersionId=h, LegalHold={'Status': 'OFF'})
            results['holdOff'] = s3.delete_object(Bucket=b, Key='held', VersionId=h)['ResponseMetadata']['HTTPStatusCode']
            s3.put_object(Bucket=b, Key='free', Body=b'free')
            s3.put_object_retention(Bucket=b, Key='free', BypassGovernanceRetention=True, Retention={})
            results['noRetention'] = error(lambda: s3.get_object_retention(Bucket=b, Key='free'))
            results['suspend'] = error(lambda: s3.put_bucket_versioning(Bucket=b, VersioningConfiguration={'Status': 'Suspended'}))
            results['pastDate'] = error(lambda: s3.put_object(Bucket=b, Key='x', Body=b'x', ObjectLockMode='GOVERNANCE',
                ObjectLockRetainUntilDate=now - datetime.timedelta(days=1), ContentMD5=base64.b64encode(hashlib.md5(b'x').digest()).decode()))
            noMd5 = raw('PUT', '/%s/nomd5' % b, b'x', {'x-amz-object-lock-mode': 'GOVERNANCE',
                'x-amz-object-lock-retain-until-date': (now + datetime.timedelta(days=1)).strftime('%Y-%m-%dT%H:%M:%SZ')})
            results['noMd5'] = [noMd5.status_code, code(noMd5)]
            modeOnly = raw('PUT', '/%s/modeonly' % b, b'x', {'x-amz-object-lock-mode': 'GOVERNANCE', 'Content-MD5': base64.b64encode(hashlib.md5(b'x').digest()).decode()})
            results['modeOnly'] = [modeOnly.status_code, code(modeOnly)]

            plain = b + '-plain'
            s3.create_bucket(Bucket=plain)
            results['plainConfig'] = error(lambda: s3.get_object_lock_configuration(Bucket=plain))
            results['plainLockHeader'] = error(lambda: s3.put_object(Bucket=plain, Key='k', Body=b'x', ObjectLockLegalHoldStatus='ON',
                ContentMD5=base64.b64encode(hashlib.md5(b'x').digest()).decode()))
            enable = lambda: s3.put_object_lock_configuration(Bucket=plain, ObjectLockConfiguration={'ObjectLockEnabled': 'Enabled'})
            results['enableUnversioned'] = error(enable)
            s3.put_bucket_versioning(Bucket=plain, VersioningConfiguration={'Status': 'Enabled'})
            results['enableVersioned'] = error(enable)
            results['enabledLater'] = s3.get_object_lock_configuration(Bucket=plain)['ObjectLockConfiguration']['ObjectLockEnabled']
            out(results)
            """, StoreFixture.NewBucketName("lock"));

        string? Code(string name) => r.GetProperty(name).ValueKind == JsonValueKind.Null ? null : r.GetProperty(name).GetString();
        Assert.Equal("Enabled", r.GetProperty("versioning").GetString());
        Assert.Equal("Enabled", r.GetProperty("config").GetProperty("ObjectLockEnabled").GetString());
        Assert.Equal("GOVERNANCE", r.GetProperty("rule").GetProperty("DefaultRetention").GetProperty("Mode").GetString());
        Assert.Equal(1, r.GetProperty("rule").GetProperty("DefaultRetention").GetProperty("Days").GetInt32());
        Assert.Equal("GOVERNANCE", r.GetProperty("defaultApplied")[0].GetString());
        Assert.True(r.GetProperty("defaultApplied")[1].GetBoolean());
        Assert.Equal("AccessDenied", Code("govDelete"));
        Assert.True(r.GetProperty("marker").GetBoolean());
        Assert.Equal("AccessDenied", Code("govShorten"));
        Assert.Equal(204, r.GetProperty("govBypass").GetInt32());
        Assert.Equal("COMPLIANCE", r.GetProperty("retention").GetString());
        Assert.Equal("AccessDenied", Code("compDelete"));
        Assert.Equal("AccessDenied", Code("compWeaken"));
        Assert.Equal(1, r.GetProperty("extended").GetInt32());
        Assert.Equal("ON", r.GetProperty("hold").GetString());
        Assert.Equal("AccessDenied", Code("holdDelete"));
        Assert.Equal("[[\"held\",\"AccessDenied\"],[\"other\",\"deleted\"]]", JsonSerializer.Serialize(r.GetProperty("multi")));
        Assert.Equal(204, r.GetProperty("holdOff").GetInt32());
        Assert.Equal("NoSuchObjectLockConfiguration", Code("noRetention"));
        Assert.Equal("InvalidBucketState", Code("suspend"));
        Assert.Equal("InvalidArgument", Code("pastDate"));
        Assert.Equal("[400,\"InvalidRequest\"]", JsonSerializer.Serialize(r.GetProperty("noMd5")));
        Assert.Equal("[400,\"InvalidArgument\"]", JsonSerializer.Serialize(r.GetProperty("modeOnly")));
        Assert.Equal("ObjectLockConfigurationNotFoundError", Code("plainConfig"));
        Assert.Equal("InvalidRequest", Code("plainLockHeader"));
        Assert.Equal("InvalidBucketState", Code("enableUnversioned"));
        Assert.Null(Code("enableVersioned"));
        Assert.Equal("Enabled", r.GetProperty("enabledLater").GetString());
    }

    [Fact]
    public async Task The_aws_cli_sets_and_reads_retention_and_legal_holds()
    {
        var bucket = StoreFixture.NewBucketName("lockcli");
        await _aws.ApiAsync("create-bucket", "--bucket", bucket, "--object-lock-enabled-for-bucket");
        var file = Path.Combine(Transporter.Testing.RepoPaths.NewTempDir("aws-lock"), "f");
        await File.WriteAllTextAsync(file, "locked");
        var version = (await _aws.ApiAsync("put-object", "--bucket", bucket, "--key", "f", "--body", file)).GetProperty("VersionId").GetString()!;
        var until = DateTimeOffset.UtcNow.AddDays(2).ToString("yyyy-MM-ddTHH:mm:ssZ");
        await _aws.ApiAsync("put-object-retention", "--bucket", bucket, "--key", "f", "--version-id", version,
            "--retention", $"Mode=GOVERNANCE,RetainUntilDate={until}");
        var retention = await _aws.ApiAsync("get-object-retention", "--bucket", bucket, "--key", "f", "--version-id", version);
        Assert.Equal("GOVERNANCE", retention.GetProperty("Retention").GetProperty("Mode").GetString());
        await _aws.ApiAsync("put-object-legal-hold", "--bucket", bucket, "--key", "f", "--legal-hold", "Status=ON");
        Assert.Equal("ON", (await _aws.ApiAsync("get-object-legal-hold", "--bucket", bucket, "--key", "f")).GetProperty("LegalHold").GetProperty("Status").GetString());
        var refused = await _aws.RunAsync("s3api", "delete-object", "--bucket", bucket, "--key", "f", "--version-id", version, "--bypass-governance-retention");
        Assert.Contains("AccessDenied", refused.StdErr);
    }
}
