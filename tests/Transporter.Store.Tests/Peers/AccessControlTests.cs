using System.Text.Json;

namespace Transporter.Store.Tests.Peers;

/// <summary>
/// Who may do what, decided on every request: anonymous requests (plain HTTP, unsigned) through public-read ACLs and
/// bucket policies and denied without them; another tenant ("other" root) through ACL grants and policies; explicit
/// Deny over the owner; ownership controls disabling ACLs; the public access block; the AWS CLI and boto3 as clients.
/// </summary>
public class AccessControlTests(TwoRootStoreFixture store) : IClassFixture<TwoRootStoreFixture>
{
    private readonly Boto3 _boto3 = new(store);
    private readonly AwsCli _aws = new(store);

    private const string Other = """
        other = boto3.client('s3', endpoint_url=ENDPOINT, aws_access_key_id=os.environ['OTHER_ACCESS_KEY_ID'],
            aws_secret_access_key=os.environ['OTHER_SECRET_ACCESS_KEY'], region_name='us-east-1',
            config=Config(s3={'addressing_style': 'path'}, retries={'max_attempts': 1}))
        def anon(method, path, data=None):
            r = requests.request(method, ENDPOINT + path, data=data)
            return [r.status_code, code(r) if r.status_code >= 300 else r.text]

        """;

    [Fact]
    public async Task Canned_acls_and_grants_open_buckets_and_objects_to_anonymous_callers_and_other_tenants()
    {
        var r = await _boto3.JsonAsync(Other + """
            b = sys.argv[1]
            s3.create_bucket(Bucket=b, ACL='public-read')
            results = {'bucketAcl': [[g['Grantee'].get('URI', g['Grantee'].get('ID')), g['Permission']] for g in s3.get_bucket_acl(Bucket=b)['Grants']]}
            s3.put_object(Bucket=b, Key='private.txt', Body=b'secret')
            s3.put_object(Bucket=b, Key='public.txt', Body=b'for everyone', ACL='public-read')
            results['anonList'] = anon('GET', '/' + b)[0]
            results['anonPublic'] = anon('GET', '/%s/public.txt' % b)
            results['anonPrivate'] = anon('GET', '/%s/private.txt' % b)
            results['anonMissing'] = anon('GET', '/%s/missing.txt' % b)
            results['anonPut'] = anon('PUT', '/%s/anon.txt' % b, b'x')
            results['anonAclRead'] = anon('GET', '/%s/public.txt?acl' % b)[0]
            results['otherPrivate'] = error(lambda: other.get_object(Bucket=b, Key='private.txt'))
            results['otherPut'] = error(lambda: other.put_object(Bucket=b, Key='from-other.txt', Body=b'x'))
            s3.put_bucket_acl(Bucket=b, GrantRead='id=other', GrantWrite='id=other', GrantFullControl='id=default')
            results['otherPutGranted'] = other.put_object(Bucket=b, Key='from-other.txt', Body=b'by other')['ResponseMetadata']['HTTPStatusCode']
            results['writtenObjectOwner'] = other.get_object_acl(Bucket=b, Key='from-other.txt')['Owner']['ID']
            results['otherReadsOwn'] = other.get_object(Bucket=b, Key='from-other.txt')['Body'].read().decode()
            results['anonListAfter'] = anon('GET', '/' + b)[0]
            s3.put_object_acl(Bucket=b, Key='private.txt', GrantRead='uri=http://acs.amazonaws.com/groups/global/AuthenticatedUsers')
            results['otherAuthenticated'] = other.get_object(Bucket=b, Key='private.txt')['Body'].read().decode()
            results['anonAuthenticatedOnly'] = anon('GET', '/%s/private.txt' % b)[0]
            results['unknownGrantee'] = error(lambda: s3.put_object_acl(Bucket=b, Key='private.txt', GrantRead='id=nobody-such'))
            results['cannedAndGrant'] = error(lambda: s3.put_object_acl(Bucket=b, Key='private.txt', ACL='private', GrantRead='id=other'))
            out(results)
            """, StoreFixture.NewBucketName("acl"));

        Assert.Equal("[[\"default\",\"FULL_CONTROL\"],[\"http://acs.amazonaws.com/groups/global/AllUsers\",\"READ\"]]",
            JsonSerializer.Serialize(r.GetProperty("bucketAcl")));
        Assert.Equal(200, r.GetProperty("anonList").GetInt32());
        Assert.Equal("[200,\"for everyone\"]", JsonSerializer.Serialize(r.GetProperty("anonPublic")));
        Assert.Equal("[403,\"AccessDenied\"]", JsonSerializer.Serialize(r.GetProperty("anonPrivate")));
        // The bucket is listable by everyone, so a missing key is reported as missing.
        Assert.Equal("[404,\"NoSuchKey\"]", JsonSerializer.Serialize(r.GetProperty("anonMissing")));
        Assert.Equal("[403,\"AccessDenied\"]", JsonSerializer.Serialize(r.GetProperty("anonPut")));
        Assert.Equal(403, r.GetProperty("anonAclRead").GetInt32());
        Assert.Equal("AccessDenied", r.GetProperty("otherPrivate").GetString());
        Assert.Equal("AccessDenied", r.GetProperty("otherPut").GetString());
        Assert.Equal(200, r.GetProperty("otherPutGranted").GetInt32());
        Assert.Equal("other", r.GetProperty("writtenObjectOwner").GetString());
        Assert.Equal("by other", r.GetProperty("otherReadsOwn").GetString());
        Assert.Equal(403, r.GetProperty("anonListAfter").GetInt32());
        Assert.Equal("secret", r.GetProperty("otherAuthenticated").GetString());
        Assert.Equal(403, r.GetProperty("anonAuthenticatedOnly").GetInt32());
        Assert.Equal("InvalidArgument", r.GetProperty("unknownGrantee").GetString());
        Assert.Equal("InvalidRequest", r.GetProperty("cannedAndGrant").GetString());
    }

    [Fact]
    public async Task Bucket_policies_allow_and_deny_with_conditions_for_anonymous_callers_other_tenants_and_the_owner()
    {
        var r = await _boto3.JsonAsync(Other + """
            b = sys.argv[1]
            s3.create_bucket(Bucket=b)
            for k in ['pub/a.txt', 'priv/b.txt', 'tagged.txt', 'keep/c.txt']:
                s3.put_object(Bucket=b, Key=k, Body=k.encode())
            s3.put_object_tagging(Bucket=b, Key='tagged.txt', Tagging={'TagSet': [{'Key': 'share', 'Value': 'yes'}]})
            policy = {'Version': '2012-10-17', 'Statement': [
                {'Sid': 'PublicRead', 'Effect': 'Allow', 'Principal': '*', 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::%s/pub/*' % b},
                {'Effect': 'Allow', 'Principal': {'AWS': ['arn:aws:iam::other:root']}, 'Action': 's3:ListBucket', 'Resource': 'arn:aws:s3:::' + b,
                 'Condition': {'StringLike': {'s3:prefix': ['pub/*']}}},
                {'Effect': 'Allow', 'Principal': {'AWS': 'other'}, 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::%s/*' % b,
                 'Condition': {'StringEquals': {'s3:ExistingObjectTag/share': 'yes'}}},
                {'Effect': 'Allow', 'Principal': '*', 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::%s/priv/*' % b,
                 'Condition': {'IpAddress': {'aws:SourceIp': '192.0.2.0/24'}}},
                {'Effect': 'Deny', 'Principal': '*', 'Action': ['s3:DeleteObject*', 's3:PutObject'], 'Resource': 'arn:aws:s3:::%s/keep/*' % b}]}
            s3.put_bucket_policy(Bucket=b, Policy=json.dumps(policy))
            results = {'stored': json.loads(s3.get_bucket_policy(Bucket=b)['Policy'])['Statement'][0]['Sid'],
                       'status': s3.get_bucket_policy_status(Bucket=b)['PolicyStatus']['IsPublic']}
            results['anonPub'] = anon('GET', '/%s/pub/a.txt' % b)
            results['anonPriv'] = anon('GET', '/%s/priv/b.txt' % b)
            results['otherListPub'] = [o['Key'] for o in other.list_objects_v2(Bucket=b, Prefix='pub/').get('Contents', [])]
            results['otherListAll'] = error(lambda: other.list_objects_v2(Bucket=b))
            results['otherTagged'] = other.get_object(Bucket=b, Key='tagged.txt')['Body'].read().decode()
            results['otherUntagged'] = error(lambda: other.get_object(Bucket=b, Key='keep/c.txt'))
            results['ownerDenied'] = error(lambda: s3.delete_object(Bucket=b, Key='keep/c.txt'))
            results['ownerPutDenied'] = error(lambda: s3.put_object(Bucket=b, Key='keep/new.txt', Body=b'x'))
            results['ownerOther'] = s3.delete_object(Bucket=b, Key='priv/b.txt')['ResponseMetadata']['HTTPStatusCode']
            results['malformed'] = error(lambda: s3.put_bucket_policy(Bucket=b, Policy='{"Statement": "nope"'))
            results['noPrincipal'] = error(lambda: s3.put_bucket_policy(Bucket=b, Policy=json.dumps({'Statement': [
                {'Effect': 'Allow', 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::%s/*' % b}]})))
            results['otherBucket'] = error(lambda: s3.put_bucket_policy(Bucket=b, Policy=json.dumps({'Statement': [
                {'Effect': 'Allow', 'Principal': '*', 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::not-this-bucket/*'}]})))
            results['badOperator'] = error(lambda: s3.put_bucket_policy(Bucket=b, Policy=json.dumps({'Statement': [
                {'Effect': 'Allow', 'Principal': '*', 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::%s/*' % b, 'Condition': {'Sounds': {'a': 'b'}}}]})))
            results['otherGetPolicy'] = error(lambda: other.get_bucket_policy(Bucket=b))
            s3.delete_bucket_policy(Bucket=b)
            results['afterDelete'] = [error(lambda: s3.get_bucket_policy(Bucket=b)), anon('GET', '/%s/pub/a.txt' % b)[0]]
            out(results)
            """, StoreFixture.NewBucketName("policy"));

        Assert.Equal("PublicRead", r.GetProperty("stored").GetString());
        Assert.True(r.GetProperty("status").GetBoolean());
        Assert.Equal("[200,\"pub/a.txt\"]", JsonSerializer.Serialize(r.GetProperty("anonPub")));
        Assert.Equal("[403,\"AccessDenied\"]", JsonSerializer.Serialize(r.GetProperty("anonPriv")));
        Assert.Equal("[\"pub/a.txt\"]", JsonSerializer.Serialize(r.GetProperty("otherListPub")));
        Assert.Equal("AccessDenied", r.GetProperty("otherListAll").GetString());
        Assert.Equal("tagged.txt", r.GetProperty("otherTagged").GetString());
        Assert.Equal("AccessDenied", r.GetProperty("otherUntagged").GetString());
        Assert.Equal("AccessDenied", r.GetProperty("ownerDenied").GetString());
        Assert.Equal("AccessDenied", r.GetProperty("ownerPutDenied").GetString());
        Assert.Equal(204, r.GetProperty("ownerOther").GetInt32());
        foreach (var name in new[] { "malformed", "noPrincipal", "otherBucket", "badOperator" })
            Assert.Equal("MalformedPolicy", r.GetProperty(name).GetString());
        Assert.Equal("AccessDenied", r.GetProperty("otherGetPolicy").GetString());
        Assert.Equal("[\"NoSuchBucketPolicy\",403]", JsonSerializer.Serialize(r.GetProperty("afterDelete")));
    }

    [Fact]
    public async Task Ownership_controls_and_the_public_access_block_override_acls_and_public_policies()
    {
        var r = await _boto3.JsonAsync(Other + """
            b = sys.argv[1]
            s3.create_bucket(Bucket=b)
            s3.put_object(Bucket=b, Key='public.txt', Body=b'public', ACL='public-read')
            results = {'noControls': error(lambda: s3.get_bucket_ownership_controls(Bucket=b)),
                       'noBlock': error(lambda: s3.get_public_access_block(Bucket=b)),
                       'before': anon('GET', '/%s/public.txt' % b)[0]}
            s3.put_public_access_block(Bucket=b, PublicAccessBlockConfiguration={'BlockPublicAcls': True, 'IgnorePublicAcls': True,
                'BlockPublicPolicy': True, 'RestrictPublicBuckets': False})
            results['block'] = s3.get_public_access_block(Bucket=b)['PublicAccessBlockConfiguration']
            results['ignored'] = anon('GET', '/%s/public.txt' % b)[0]
            results['blockedAcl'] = error(lambda: s3.put_object(Bucket=b, Key='p2', Body=b'x', ACL='public-read'))
            publicPolicy = json.dumps({'Statement': [{'Effect': 'Allow', 'Principal': '*', 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::%s/*' % b}]})
            results['blockedPolicy'] = error(lambda: s3.put_bucket_policy(Bucket=b, Policy=publicPolicy))
            s3.put_public_access_block(Bucket=b, PublicAccessBlockConfiguration={'RestrictPublicBuckets': True})
            s3.put_bucket_policy(Bucket=b, Policy=publicPolicy)
            results['restricted'] = anon('GET', '/%s/public.txt' % b)[0]
            s3.delete_public_access_block(Bucket=b)
            results['open'] = anon('GET', '/%s/public.txt' % b)[0]
            s3.delete_bucket_policy(Bucket=b)

            s3.put_bucket_acl(Bucket=b, ACL='public-read')
            enforced = {'Rules': [{'ObjectOwnership': 'BucketOwnerEnforced'}]}
            results['enforceWithPublicAcl'] = error(lambda: s3.put_bucket_ownership_controls(Bucket=b, OwnershipControls=enforced))
            s3.put_bucket_acl(Bucket=b, ACL='private')
            s3.put_bucket_ownership_controls(Bucket=b, OwnershipControls=enforced)
            results['controls'] = s3.get_bucket_ownership_controls(Bucket=b)['OwnershipControls']['Rules'][0]['ObjectOwnership']
            results['aclPut'] = error(lambda: s3.put_bucket_acl(Bucket=b, ACL='public-read'))
            results['objectAclHeader'] = error(lambda: s3.put_object(Bucket=b, Key='x', Body=b'x', ACL='public-read'))
            results['ownerFullControlOk'] = s3.put_object(Bucket=b, Key='y', Body=b'y', ACL='bucket-owner-full-control')['ResponseMetadata']['HTTPStatusCode']
            results['aclIgnored'] = anon('GET', '/%s/public.txt' % b)[0]
            results['aclStillReadable'] = len(s3.get_bucket_acl(Bucket=b)['Grants'])
            s3.delete_bucket_ownership_controls(Bucket=b)
            results['afterDelete'] = error(lambda: s3.get_bucket_ownership_controls(Bucket=b))
            out(results)
            """, StoreFixture.NewBucketName("pab"));

        Assert.Equal("OwnershipControlsNotFoundError", r.GetProperty("noControls").GetString());
        Assert.Equal("NoSuchPublicAccessBlockConfiguration", r.GetProperty("noBlock").GetString());
        Assert.Equal(200, r.GetProperty("before").GetInt32());
        Assert.True(r.GetProperty("block").GetProperty("IgnorePublicAcls").GetBoolean());
        Assert.False(r.GetProperty("block").GetProperty("RestrictPublicBuckets").GetBoolean());
        Assert.Equal(403, r.GetProperty("ignored").GetInt32());
        Assert.Equal("AccessDenied", r.GetProperty("blockedAcl").GetString());
        Assert.Equal("AccessDenied", r.GetProperty("blockedPolicy").GetString());
        Assert.Equal(403, r.GetProperty("restricted").GetInt32());
        Assert.Equal(200, r.GetProperty("open").GetInt32());
        Assert.Equal("InvalidBucketAclWithObjectOwnership", r.GetProperty("enforceWithPublicAcl").GetString());
        Assert.Equal("BucketOwnerEnforced", r.GetProperty("controls").GetString());
        Assert.Equal("AccessControlListNotSupported", r.GetProperty("aclPut").GetString());
        Assert.Equal("AccessControlListNotSupported", r.GetProperty("objectAclHeader").GetString());
        Assert.Equal(200, r.GetProperty("ownerFullControlOk").GetInt32());
        Assert.Equal(403, r.GetProperty("aclIgnored").GetInt32());
        Assert.Equal(1, r.GetProperty("aclStillReadable").GetInt32());
        Assert.Equal("OwnershipControlsNotFoundError", r.GetProperty("afterDelete").GetString());
    }

    [Fact]
    public async Task The_aws_cli_sets_acls_and_policies()
    {
        var bucket = StoreFixture.NewBucketName("aclcli");
        await _aws.ApiAsync("create-bucket", "--bucket", bucket, "--acl", "public-read");
        var acl = await _aws.ApiAsync("get-bucket-acl", "--bucket", bucket);
        Assert.Equal(2, acl.GetProperty("Grants").GetArrayLength());
        var policy = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["*"]},"Action":["s3:GetBucketLocation"],"Resource":["arn:aws:s3:::{{bucket}}"]}]}""";
        await _aws.RunAsync("s3api", "put-bucket-policy", "--bucket", bucket, "--policy", policy);
        var stored = await _aws.ApiAsync("get-bucket-policy", "--bucket", bucket);
        Assert.Contains("s3:GetBucketLocation", stored.GetProperty("Policy").GetString());
        using var http = new HttpClient();
        var location = await http.GetAsync($"{store.Endpoint}/{bucket}?location");
        Assert.Equal(System.Net.HttpStatusCode.OK, location.StatusCode);
    }
}
