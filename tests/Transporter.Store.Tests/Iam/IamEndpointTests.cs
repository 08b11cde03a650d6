using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Transporter.Store.Tests.Peers;

namespace Transporter.Store.Tests.Iam;

/// <summary>
/// The IAM endpoint on the store's listener, driven by Debian's AWS CLI (<c>aws iam --endpoint-url</c>) and boto3:
/// users, access keys, managed policies with their versions and attachments, the spec's deletion rules, bad input
/// answered in IAM's error format without any change, and one root never seeing another's users or policies.
/// </summary>
public class IamEndpointTests(TwoRootStoreFixture store) : IClassFixture<TwoRootStoreFixture>
{
    private readonly AwsCli _aws = new(store);
    private readonly Boto3 _boto3 = new(store);

    private const string ReadOnly = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":"*"}]}""";

    private async Task<JsonElement> IamAsync(params string[] args)
    {
        var result = (await _aws.RunAsync(["iam", .. args, "--output", "json"])).EnsureSuccess();
        return string.IsNullOrWhiteSpace(result.StdOut) ? default : JsonDocument.Parse(result.StdOut).RootElement.Clone();
    }

    /// <summary>Runs an aws iam command that must fail and returns its stderr (holding the IAM error code).</summary>
    private async Task<string> IamErrorAsync(params string[] args)
    {
        var result = await _aws.RunAsync(["iam", .. args, "--output", "json"]);
        Assert.NotEqual(0, result.ExitCode);
        return result.StdErr;
    }

    [Fact]
    public async Task Aws_cli_manages_users_keys_policies_versions_and_attachments_under_the_spec_deletion_rules()
    {
        var user = $"reader-{Guid.NewGuid():N}@example.com";
        var created = (await IamAsync("create-user", "--user-name", user)).GetProperty("User");
        Assert.Equal(user, created.GetProperty("UserName").GetString());
        Assert.Matches("^1[0-9]{11}$", created.GetProperty("UserId").GetString());
        var account = created.GetProperty("Arn").GetString()!.Split(':')[4];
        Assert.Equal($"arn:aws:iam::{account}:user/{user}", created.GetProperty("Arn").GetString());
        Assert.Contains("EntityAlreadyExists", await IamErrorAsync("create-user", "--user-name", user));
        var users = (await IamAsync("list-users")).GetProperty("Users").EnumerateArray().Select(u => u.GetProperty("UserName").GetString()).ToList();
        Assert.Contains(user, users);
        Assert.Contains("root", users);

        var key = (await IamAsync("create-access-key", "--user-name", user)).GetProperty("AccessKey");
        var keyId = key.GetProperty("AccessKeyId").GetString()!;
        var secret = key.GetProperty("SecretAccessKey").GetString()!;
        Assert.Equal("Active", key.GetProperty("Status").GetString());
        var keyListing = (await _aws.RunAsync("iam", "list-access-keys", "--user-name", user, "--output", "json")).EnsureSuccess().StdOut;
        Assert.Contains(keyId, keyListing);
        Assert.DoesNotContain(secret, keyListing);

        var policyName = $"ReadOnly{Guid.NewGuid():N}"[..24];
        var policy = (await IamAsync("create-policy", "--policy-name", policyName, "--policy-document", ReadOnly, "--description", "read only"))
            .GetProperty("Policy");
        var arn = policy.GetProperty("Arn").GetString()!;
        Assert.Equal($"arn:aws:iam::{account}:policy/{policyName}", arn);
        Assert.Equal("v1", policy.GetProperty("DefaultVersionId").GetString());
        Assert.Equal(0, policy.GetProperty("AttachmentCount").GetInt32());
        Assert.Contains("EntityAlreadyExists", await IamErrorAsync("create-policy", "--policy-name", policyName, "--policy-document", ReadOnly));

        // Up to five versions; the sixth is refused and changes nothing.
        for (var i = 2; i <= 5; i++)
        {
            var version = (await IamAsync("create-policy-version", "--policy-arn", arn, "--policy-document", ReadOnly)).GetProperty("PolicyVersion");
            Assert.Equal($"v{i}", version.GetProperty("VersionId").GetString());
            Assert.False(version.GetProperty("IsDefaultVersion").GetBoolean());
        }
        Assert.Contains("LimitExceeded", await IamErrorAsync("create-policy-version", "--policy-arn", arn, "--policy-document", ReadOnly, "--set-as-default"));
        var versions = (await IamAsync("list-policy-versions", "--policy-arn", arn)).GetProperty("Versions").EnumerateArray().ToList();
        Assert.Equal(5, versions.Count);
        Assert.Equal("v1", Assert.Single(versions, v => v.GetProperty("IsDefaultVersion").GetBoolean()).GetProperty("VersionId").GetString());

        await IamAsync("set-default-policy-version", "--policy-arn", arn, "--version-id", "v3");
        Assert.Equal("v3", (await IamAsync("get-policy", "--policy-arn", arn)).GetProperty("Policy").GetProperty("DefaultVersionId").GetString());
        var v3 = (await IamAsync("get-policy-version", "--policy-arn", arn, "--version-id", "v3")).GetProperty("PolicyVersion");
        Assert.True(v3.GetProperty("IsDefaultVersion").GetBoolean());
        Assert.Equal("s3:GetObject", v3.GetProperty("Document").GetProperty("Statement")[0].GetProperty("Action")[0].GetString());
        Assert.Contains("DeleteConflict", await IamErrorAsync("delete-policy-version", "--policy-arn", arn, "--version-id", "v3"));
        Assert.Contains("NoSuchEntity", await IamErrorAsync("get-policy-version", "--policy-arn", arn, "--version-id", "v9"));

        await IamAsync("attach-user-policy", "--user-name", user, "--policy-arn", arn);
        var attached = (await IamAsync("list-attached-user-policies", "--user-name", user)).GetProperty("AttachedPolicies");
        Assert.Equal(arn, Assert.Single(attached.EnumerateArray()).GetProperty("PolicyArn").GetString());
        var entities = (await IamAsync("list-entities-for-policy", "--policy-arn", arn)).GetProperty("PolicyUsers");
        Assert.Equal(user, Assert.Single(entities.EnumerateArray()).GetProperty("UserName").GetString());
        Assert.Equal(1, (await IamAsync("get-policy", "--policy-arn", arn)).GetProperty("Policy").GetProperty("AttachmentCount").GetInt32());
        var onlyAttached = (await IamAsync("list-policies", "--only-attached")).GetProperty("Policies").EnumerateArray()
            .Select(p => p.GetProperty("Arn").GetString()).ToList();
        Assert.Contains(arn, onlyAttached);

        // The spec's deletion rules: an attached policy, a user with keys or policies, the root user.
        Assert.Contains("DeleteConflict", await IamErrorAsync("delete-policy", "--policy-arn", arn));
        Assert.Contains("DeleteConflict", await IamErrorAsync("delete-user", "--user-name", user));
        Assert.Contains("DeleteConflict", await IamErrorAsync("delete-user", "--user-name", "root"));
        await IamAsync("delete-access-key", "--user-name", user, "--access-key-id", keyId);
        Assert.Contains("DeleteConflict", await IamErrorAsync("delete-user", "--user-name", user));
        await IamAsync("detach-user-policy", "--user-name", user, "--policy-arn", arn);
        Assert.Contains("NoSuchEntity", await IamErrorAsync("detach-user-policy", "--user-name", user, "--policy-arn", arn));
        await IamAsync("delete-user", "--user-name", user);
        Assert.Contains("NoSuchEntity", await IamErrorAsync("delete-user", "--user-name", user));

        // A policy with versions besides the default one cannot be deleted until they are.
        Assert.Contains("DeleteConflict", await IamErrorAsync("delete-policy", "--policy-arn", arn));
        foreach (var version in new[] { "v1", "v2", "v4", "v5" })
            await IamAsync("delete-policy-version", "--policy-arn", arn, "--version-id", version);
        await IamAsync("delete-policy", "--policy-arn", arn);
        Assert.Contains("NoSuchEntity", await IamErrorAsync("get-policy", "--policy-arn", arn));
    }

    [Fact]
    public async Task Bad_input_gets_the_iam_error_format_and_changes_nothing()
    {
        var r = await _boto3.JsonAsync(IamClients.Prelude + """
            results = {}
            before = iam.list_policies()['Policies']
            status, text = signed('iam', {'Action': 'MakeCoffee', 'Version': '2010-05-08'})
            results['unknown'] = [status, xml_code(text), '<ErrorResponse' in text and '<Type>Sender</Type>' in text and '<RequestId>' in text]
            status, text = signed('iam', {'Action': 'CreateUser', 'Version': '2010-05-08'})
            results['missing'] = [status, xml_code(text)]
            status, text = signed('iam', {'Action': 'CreateUser', 'UserName': 'x@example.com', 'Version': '1999-01-01'})
            results['version'] = [status, xml_code(text)]
            for doc in ['{"Statement": [', '{"Version":"2012-10-17","Statement":[{"Effect":"Maybe","Action":"s3:*","Resource":"*"}]}',
                        '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}']:
                status, text = signed('iam', {'Action': 'CreatePolicy', 'PolicyName': 'Bad', 'PolicyDocument': doc, 'Version': '2010-05-08'})
                results.setdefault('malformed', []).append([status, xml_code(text)])
            status, text = signed('iam', {'Action': 'CreateUser', 'UserName': 'has space', 'Version': '2010-05-08'})
            results['badName'] = [status, xml_code(text)]
            status, text = signed('iam', {'Action': 'GetPolicy', 'PolicyArn': 'not-an-arn', 'Version': '2010-05-08'})
            results['badArn'] = [status, xml_code(text)]
            status, text = signed('iam', {'Action': 'ListUsers', 'Version': '2010-05-08'}, sk='wrong-secret-key-0000')
            results['badSignature'] = [status, xml_code(text)]
            results['unsigned'] = requests.post(ENDPOINT + '/', headers={'Host': 'iam.localhost'}, data={'Action': 'ListUsers', 'Version': '2010-05-08'}).status_code
            results['unchanged'] = iam.list_policies()['Policies'] == before and not any(u['UserName'] in ('x@example.com', 'has space') for u in iam.list_users()['Users'])
            out(results)
            """);
        Assert.Equal("[400, \"InvalidAction\", true]", r.GetProperty("unknown").GetRawText());
        Assert.Equal("[400, \"ValidationError\"]", r.GetProperty("missing").GetRawText());
        Assert.Equal("[400, \"InvalidAction\"]", r.GetProperty("version").GetRawText());
        Assert.All(r.GetProperty("malformed").EnumerateArray(), m => Assert.Equal("[400, \"MalformedPolicyDocument\"]", m.GetRawText()));
        Assert.Equal("[400, \"InvalidInput\"]", r.GetProperty("badName").GetRawText());
        Assert.Equal("[400, \"InvalidInput\"]", r.GetProperty("badArn").GetRawText());
        Assert.Equal("[403, \"SignatureDoesNotMatch\"]", r.GetProperty("badSignature").GetRawText());
        Assert.Equal(403, r.GetProperty("unsigned").GetInt32());
        Assert.True(r.GetProperty("unchanged").GetBoolean());
    }

    [Fact]
    public async Task One_root_never_sees_another_roots_users_or_policies()
    {
        var r = await _boto3.JsonAsync(IamClients.Prelude + """
            other = iam_client(os.environ['OTHER_ACCESS_KEY_ID'], os.environ['OTHER_SECRET_ACCESS_KEY'])
            tag = sys.argv[1]
            iam.create_user(UserName='mine-' + tag)
            arn = iam.create_policy(PolicyName='Mine' + tag, PolicyDocument=json.dumps({'Version': '2012-10-17',
                'Statement': [{'Effect': 'Allow', 'Action': 's3:*', 'Resource': '*'}]}))['Policy']['Arn']
            results = {
                'otherUsers': [u['UserName'] for u in other.list_users()['Users']],
                'otherPolicies': [p['PolicyName'] for p in other.list_policies()['Policies']],
                'getPolicy': error(lambda: other.get_policy(PolicyArn=arn)),
                'attach': error(lambda: other.attach_user_policy(UserName='admin@other.example', PolicyArn=arn)),
                'deleteUser': error(lambda: other.delete_user(UserName='mine-' + tag)),
                'keyForMine': error(lambda: other.create_access_key(UserName='mine-' + tag)),
            }
            results['stillMine'] = any(u['UserName'] == 'mine-' + tag for u in iam.list_users()['Users'])
            out(results)
            """, Guid.NewGuid().ToString("N")[..8]);
        Assert.Equal(["admin@other.example"], r.GetProperty("otherUsers").EnumerateArray().Select(u => u.GetString()));
        Assert.Empty(r.GetProperty("otherPolicies").EnumerateArray());
        Assert.Equal("NoSuchEntity", r.GetProperty("getPolicy").GetString());
        Assert.Equal("NoSuchEntity", r.GetProperty("attach").GetString());
        Assert.Equal("NoSuchEntity", r.GetProperty("deleteUser").GetString());
        Assert.Equal("NoSuchEntity", r.GetProperty("keyForMine").GetString());
        Assert.True(r.GetProperty("stillMine").GetBoolean());
    }

    [Fact]
    public async Task Query_signed_iam_and_sts_calls_reach_their_endpoints_and_presigned_s3_urls_stay_with_s3()
    {
        // Which endpoint a request is for is read from its credential scope, in the Authorization header or the query.
        var output = await _boto3.RunAsync("""
            import urllib.parse
            class EmptyPayloadQueryAuth(botocore.auth.SigV4QueryAuth):
                # AWS's own query-signing example (IAM ListUsers) signs the empty payload's hash; botocore's presigner
                # signs UNSIGNED-PAYLOAD, which only S3 takes.
                def payload(self, request):
                    return hashlib.sha256(b'').hexdigest()
            def query_signed(service, params):
                request = AWSRequest(method='GET', url=ENDPOINT + '/?' + urllib.parse.urlencode(params))
                EmptyPayloadQueryAuth(Credentials(AK, SK), service, 'us-east-1', expires=300).add_auth(request)
                return requests.get(request.url)
            users = query_signed('iam', {'Action': 'ListUsers', 'Version': '2010-05-08'})
            me = query_signed('sts', {'Action': 'GetCallerIdentity', 'Version': '2011-06-15'})
            b = 'routing-' + os.urandom(4).hex()
            s3.create_bucket(Bucket=b)
            s3.put_object(Bucket=b, Key='doc.txt', Body=b'kept')
            # A value that reads like an IAM credential scope is a value, not the parameter.
            disposition = 'attachment; filename="X-Amz-Credential=AKID/20260101/us-east-1/iam/aws4_request"'
            url = s3.generate_presigned_url('get_object', Params={'Bucket': b, 'Key': 'doc.txt', 'ResponseContentDisposition': disposition}, ExpiresIn=300)
            obj = requests.get(url)
            out([users.status_code, '<ListUsersResult>' in users.text, me.status_code, '<GetCallerIdentityResult>' in me.text,
                 obj.status_code, obj.text])
            """);
        Assert.Equal("""[200, true, 200, true, 200, "kept"]""", output.Trim());
    }

    [Fact]
    public async Task Every_iam_and_sts_call_of_a_root_is_audited_allowed_or_refused_without_its_parameters()
    {
        var user = $"audited-{Guid.NewGuid():N}@example.com";
        await IamAsync("create-user", "--user-name", user);
        Assert.Contains("DeleteConflict", await IamErrorAsync("delete-user", "--user-name", "root"));
        (await _aws.RunAsync("sts", "get-caller-identity")).EnsureSuccess();

        using var http = new HttpClient { BaseAddress = new Uri(store.Platform.ApiUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TwoRootStoreFixture.AdminToken);
        var text = await http.GetStringAsync("/admin/v1/roots/default/audit");
        Assert.DoesNotContain(user, text);
        var entries = JsonDocument.Parse(text).RootElement.EnumerateArray().ToList();
        var created = entries.First(e => e.GetProperty("action").GetString() == "CreateUser");
        Assert.Equal(("iam", "root", true, "127.0.0.1"), (created.GetProperty("service").GetString(), created.GetProperty("userName").GetString(),
            created.GetProperty("allowed").GetBoolean(), created.GetProperty("sourceIp").GetString()));
        Assert.Equal(store.Platform.RootAccessKey, created.GetProperty("accessKeyId").GetString());
        var refused = entries.First(e => e.GetProperty("action").GetString() == "DeleteUser" && !e.GetProperty("allowed").GetBoolean());
        Assert.Equal("DeleteConflict", refused.GetProperty("errorCode").GetString());
        Assert.Contains(entries, e => e.GetProperty("service").GetString() == "sts" && e.GetProperty("action").GetString() == "GetCallerIdentity");
        // Newest first.
        Assert.Equal("GetCallerIdentity", entries[0].GetProperty("action").GetString());
        var other = await http.GetFromJsonAsync<JsonElement>("/admin/v1/roots/other/audit");
        Assert.All(other.EnumerateArray(), e => Assert.Equal("other", e.GetProperty("root").GetString()));
    }

    [Fact]
    public async Task Passwords_are_set_with_update_login_profile_and_changed_only_by_proving_the_old_one()
    {
        var r = await _boto3.JsonAsync(IamClients.Prelude + """
            name = 'pw-%s@example.com' % sys.argv[1]
            iam.create_user(UserName=name)
            key = iam.create_access_key(UserName=name)['AccessKey']
            mine = iam_client(key['AccessKeyId'], key['SecretAccessKey'])
            results = {'weak': error(lambda: iam.update_login_profile(UserName=name, Password='short'))}
            iam.update_login_profile(UserName=name, Password='FirstPassw0rd', PasswordResetRequired=True)
            results['wrongOld'] = error(lambda: mine.change_password(OldPassword='NotThePassw0rd', NewPassword='SecondPassw0rd'))
            results['weakNew'] = error(lambda: mine.change_password(OldPassword='FirstPassw0rd', NewPassword='weakweakweak'))
            results['changed'] = error(lambda: mine.change_password(OldPassword='FirstPassw0rd', NewPassword='SecondPassw0rd')) or 'ok'
            results['oldAgain'] = error(lambda: mine.change_password(OldPassword='FirstPassw0rd', NewPassword='ThirdPassw0rd'))
            results['newWorks'] = error(lambda: mine.change_password(OldPassword='SecondPassw0rd', NewPassword='ThirdPassw0rd')) or 'ok'
            results['othersPassword'] = error(lambda: mine.update_login_profile(UserName='root', Password='Hijacked0000X'))
            out(results)
            """, Guid.NewGuid().ToString("N")[..8]);
        Assert.Equal("PasswordPolicyViolation", r.GetProperty("weak").GetString());
        Assert.Equal("AccessDenied", r.GetProperty("wrongOld").GetString());
        Assert.Equal("PasswordPolicyViolation", r.GetProperty("weakNew").GetString());
        Assert.Equal("ok", r.GetProperty("changed").GetString());
        Assert.Equal("AccessDenied", r.GetProperty("oldAgain").GetString());
        Assert.Equal("ok", r.GetProperty("newWorks").GetString());
        Assert.Equal("AccessDenied", r.GetProperty("othersPassword").GetString());
    }
}
