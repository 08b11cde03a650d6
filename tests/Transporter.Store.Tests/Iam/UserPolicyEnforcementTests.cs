using System.Text.Json;
using Transporter.Store.Tests.Peers;

namespace Transporter.Store.Tests.Iam;

/// <summary>
/// Users' attached policies decide their S3 requests (boto3 against the real platform): a user without policies may
/// do nothing, a read-only user can GET but not PUT, an explicit Deny beats an Allow, wildcard resources, the
/// IpAddress condition, and policy changes (new default version, detach) taking effect at once.
/// </summary>
public class UserPolicyEnforcementTests(TwoRootStoreFixture store) : IClassFixture<TwoRootStoreFixture>
{
    private readonly Boto3 _boto3 = new(store);

    /// <summary>Gives the script <c>new_user(*documents)</c>: a user of the root with a key and one policy per document
    /// attached, answering [user name, boto3 S3 client, policy ARNs].</summary>
    private const string Users = IamClients.Prelude + """
        TAG = sys.argv[1]
        counter = [0]
        def new_user(*documents):
            counter[0] += 1
            name = 'user%d-%s@example.com' % (counter[0], TAG)
            iam.create_user(UserName=name)
            key = iam.create_access_key(UserName=name)['AccessKey']
            arns = []
            for i, document in enumerate(documents):
                arn = iam.create_policy(PolicyName='p%d-%d-%s' % (counter[0], i, TAG), PolicyDocument=json.dumps(document))['Policy']['Arn']
                iam.attach_user_policy(UserName=name, PolicyArn=arn)
                arns.append(arn)
            return name, s3_client(key['AccessKeyId'], key['SecretAccessKey']), arns
        def allow(actions, resources, condition=None, effect='Allow'):
            statement = {'Effect': effect, 'Action': actions, 'Resource': resources}
            if condition: statement['Condition'] = condition
            return {'Version': '2012-10-17', 'Statement': [statement]}
        def get(client, bucket, key):
            return error(lambda: client.get_object(Bucket=bucket, Key=key)['Body'].read()) or 'ok'
        def put(client, bucket, key):
            return error(lambda: client.put_object(Bucket=bucket, Key=key, Body=b'x')) or 'ok'
        def delete(client, bucket, key):
            return error(lambda: client.delete_object(Bucket=bucket, Key=key)) or 'ok'
        b = 'enforce-' + TAG
        s3.create_bucket(Bucket=b)
        for k in ['doc.txt', 'public-1.txt', 'private.txt', 'protected/a.txt', 'open/a.txt']:
            s3.put_object(Bucket=b, Key=k, Body=b'content')

        """;

    private Task<JsonElement> RunAsync(string script) => _boto3.JsonAsync(Users + script, Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task A_user_without_policies_is_refused_and_a_read_only_user_can_get_but_not_put()
    {
        var r = await RunAsync("""
            _, nobody, _ = new_user()
            _, reader, _ = new_user(allow(['s3:GetObject', 's3:ListBucket'], ['arn:aws:s3:::' + b, 'arn:aws:s3:::' + b + '/*']))
            out({
                'nobodyGet': get(nobody, b, 'doc.txt'),
                'nobodyBuckets': error(lambda: nobody.list_buckets()),
                'nobodyCreate': error(lambda: nobody.create_bucket(Bucket=b + '-n')),
                'readerGet': get(reader, b, 'doc.txt'),
                'readerList': [o['Key'] for o in reader.list_objects_v2(Bucket=b)['Contents']][:1],
                'readerPut': put(reader, b, 'new.txt'),
                'readerDelete': delete(reader, b, 'doc.txt'),
                'readerMultiDelete': error(lambda: reader.delete_objects(Bucket=b, Delete={'Objects': [{'Key': 'doc.txt'}]})),
                'readerBuckets': error(lambda: reader.list_buckets()),
                'stillThere': s3.get_object(Bucket=b, Key='doc.txt')['Body'].read().decode(),
                'rootPut': put(s3, b, 'root.txt'),
            })
            """);
        Assert.Equal("AccessDenied", r.GetProperty("nobodyGet").GetString());
        Assert.Equal("AccessDenied", r.GetProperty("nobodyBuckets").GetString());
        Assert.Equal("AccessDenied", r.GetProperty("nobodyCreate").GetString());
        Assert.Equal("ok", r.GetProperty("readerGet").GetString());
        Assert.Equal("doc.txt", r.GetProperty("readerList")[0].GetString());
        Assert.Equal("AccessDenied", r.GetProperty("readerPut").GetString());
        Assert.Equal("AccessDenied", r.GetProperty("readerDelete").GetString());
        Assert.Equal("AccessDenied", r.GetProperty("readerMultiDelete").GetString());
        Assert.Equal("AccessDenied", r.GetProperty("readerBuckets").GetString());
        Assert.Equal("content", r.GetProperty("stillThere").GetString());
        Assert.Equal("ok", r.GetProperty("rootPut").GetString());
    }

    [Fact]
    public async Task An_explicit_deny_beats_an_allow_and_wildcard_resources_match_only_their_keys()
    {
        var r = await RunAsync("""
            _, user, _ = new_user(allow('s3:*', '*'), allow('s3:DeleteObject', 'arn:aws:s3:::' + b + '/protected/*', effect='Deny'))
            _, partial, _ = new_user(allow('s3:GetObject', 'arn:aws:s3:::' + b + '/public-*'))
            _, notaction, _ = new_user({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'NotAction': 's3:PutObject', 'Resource': '*'}]})
            out({
                'deleteProtected': delete(user, b, 'protected/a.txt'),
                'deleteOpen': delete(user, b, 'open/a.txt'),
                'putProtected': put(user, b, 'protected/b.txt'),
                'getPublic': get(partial, b, 'public-1.txt'),
                'getPrivate': get(partial, b, 'private.txt'),
                'listWithObjectWildcard': error(lambda: partial.list_objects_v2(Bucket=b)),
                'notActionGet': get(notaction, b, 'private.txt'),
                'notActionPut': put(notaction, b, 'x.txt'),
            })
            """);
        Assert.Equal("AccessDenied", r.GetProperty("deleteProtected").GetString());
        Assert.Equal("ok", r.GetProperty("deleteOpen").GetString());
        Assert.Equal("ok", r.GetProperty("putProtected").GetString());
        Assert.Equal("ok", r.GetProperty("getPublic").GetString());
        Assert.Equal("AccessDenied", r.GetProperty("getPrivate").GetString());
        Assert.Equal("AccessDenied", r.GetProperty("listWithObjectWildcard").GetString());
        Assert.Equal("ok", r.GetProperty("notActionGet").GetString());
        Assert.Equal("AccessDenied", r.GetProperty("notActionPut").GetString());
    }

    [Fact]
    public async Task An_ip_address_condition_decides_and_policy_changes_take_effect_at_once()
    {
        var r = await RunAsync("""
            name, user, arns = new_user(allow('s3:GetObject', '*', {'IpAddress': {'aws:SourceIp': ['127.0.0.0/8', '::1/128']}}))
            results = {'fromLoopback': get(user, b, 'doc.txt')}
            iam.create_policy_version(PolicyArn=arns[0], SetAsDefault=True,
                PolicyDocument=json.dumps(allow('s3:GetObject', '*', {'IpAddress': {'aws:SourceIp': '10.0.0.0/8'}})))
            results['fromOutsideRange'] = get(user, b, 'doc.txt')
            iam.set_default_policy_version(PolicyArn=arns[0], VersionId='v1')
            results['backToV1'] = get(user, b, 'doc.txt')
            _, denied, _ = new_user(allow('s3:*', '*'), allow('s3:*', '*', {'NotIpAddress': {'aws:SourceIp': '10.0.0.0/8'}}, effect='Deny'))
            results['denyOutsideRange'] = get(denied, b, 'doc.txt')
            iam.detach_user_policy(UserName=name, PolicyArn=arns[0])
            results['detached'] = get(user, b, 'doc.txt')
            out(results)
            """);
        Assert.Equal("ok", r.GetProperty("fromLoopback").GetString());
        Assert.Equal("AccessDenied", r.GetProperty("fromOutsideRange").GetString());
        Assert.Equal("ok", r.GetProperty("backToV1").GetString());
        Assert.Equal("AccessDenied", r.GetProperty("denyOutsideRange").GetString());
        Assert.Equal("AccessDenied", r.GetProperty("detached").GetString());
    }
}
