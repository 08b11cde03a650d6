using System.Text.Json;
using Transporter.Store.Tests.Peers;

namespace Transporter.Store.Tests.Iam;

/// <summary>
/// STS on the store's listener: <c>aws sts assume-role</c> and boto3 get temporary keys whose session token the store
/// (headers and presigned URLs) and the Transporter API honour; a session policy narrows them and never widens a
/// user's own; keys without their token are refused; they stop working at expiry (a platform whose minimum session
/// is one second: <see cref="ShortSessionStoreFixture"/>).
/// </summary>
public class StsTests(ShortSessionStoreFixture store) : IClassFixture<ShortSessionStoreFixture>
{
    private readonly AwsCli _aws = new(store);
    private readonly Boto3 _boto3 = new(store);

    private const string Sessions = IamClients.Prelude + """
        def assume(client=None, **kw):
            c = (client or sts).assume_role(RoleArn='arn:aws:iam::000000000000:role/demo', RoleSessionName='test', **kw)['Credentials']
            return c
        def session_s3(c, token=True):
            return s3_client(c['AccessKeyId'], c['SecretAccessKey'], c['SessionToken'] if token is True else token)
        def api_get(c, path):
            request = AWSRequest(method='GET', url=os.environ['API_URL'] + path)
            botocore.auth.SigV4Auth(Credentials(c['AccessKeyId'], c['SecretAccessKey'], c['SessionToken']), 'transporter', 'us-east-1').add_auth(request)
            prepared = request.prepare()
            return requests.get(prepared.url, headers=dict(prepared.headers)).status_code
        def policy(actions, resource):
            return json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': actions, 'Resource': resource}]})
        b = 'sts-' + sys.argv[1]
        s3.create_bucket(Bucket=b)
        s3.put_object(Bucket=b, Key='doc.txt', Body=b'content')

        """;

    [Fact]
    public async Task Aws_cli_assume_role_returns_temporary_keys_that_sign_store_requests()
    {
        var result = (await _aws.RunAsync("sts", "assume-role", "--role-arn", "arn:aws:iam::000000000000:role/demo", "--role-session-name", "cli",
            "--output", "json")).EnsureSuccess();
        var answer = JsonDocument.Parse(result.StdOut).RootElement;
        var credentials = answer.GetProperty("Credentials");
        Assert.StartsWith("ASIA", credentials.GetProperty("AccessKeyId").GetString());
        Assert.Equal(64, credentials.GetProperty("SessionToken").GetString()!.Length);
        var expires = credentials.GetProperty("Expiration").GetDateTimeOffset();
        Assert.InRange((expires - DateTimeOffset.UtcNow).TotalSeconds, 800, 960);
        Assert.EndsWith(":assumed-role/demo/cli", answer.GetProperty("AssumedRoleUser").GetProperty("Arn").GetString());
        var identity = JsonDocument.Parse((await _aws.RunAsync("sts", "get-caller-identity", "--output", "json")).EnsureSuccess().StdOut).RootElement;
        Assert.EndsWith(":user/root", identity.GetProperty("Arn").GetString());

        var r = await _boto3.JsonAsync(Sessions + """
            c = json.loads(sys.argv[2])
            session = session_s3(c)
            out({'buckets': b in [x['Name'] for x in session.list_buckets()['Buckets']],
                 'get': session.get_object(Bucket=b, Key='doc.txt')['Body'].read().decode(),
                 'api': api_get(c, '/migrations')})
            """, Guid.NewGuid().ToString("N")[..8], credentials.GetRawText());
        Assert.True(r.GetProperty("buckets").GetBoolean());
        Assert.Equal("content", r.GetProperty("get").GetString());
        Assert.Equal(200, r.GetProperty("api").GetInt32());
    }

    [Fact]
    public async Task A_session_policy_narrows_the_keys_and_a_missing_or_wrong_token_is_refused()
    {
        var r = await _boto3.JsonAsync(Sessions + """
            results = {}
            c = assume(Policy=policy('s3:GetObject', 'arn:aws:s3:::%s/*' % b), DurationSeconds=900)
            narrow = session_s3(c)
            results['get'] = error(lambda: narrow.get_object(Bucket=b, Key='doc.txt')) or 'ok'
            results['put'] = error(lambda: narrow.put_object(Bucket=b, Key='new.txt', Body=b'x'))
            results['list'] = error(lambda: narrow.list_buckets())
            url = narrow.generate_presigned_url('get_object', Params={'Bucket': b, 'Key': 'doc.txt'}, ExpiresIn=300)
            results['presigned'] = [('x-amz-security-token=' in url.lower()), requests.get(url).status_code]
            results['noToken'] = error(lambda: session_s3(c, token=None).get_object(Bucket=b, Key='doc.txt'))
            results['wrongToken'] = error(lambda: session_s3(c, token='X' * 64).get_object(Bucket=b, Key='doc.txt'))
            results['chained'] = error(lambda: assume(iam_client(c['AccessKeyId'], c['SecretAccessKey'], c['SessionToken'], service='sts')))
            # A user's session never exceeds the user: a read-only user asking for s3:* still cannot write.
            iam.create_user(UserName='reader-' + b)
            key = iam.create_access_key(UserName='reader-' + b)['AccessKey']
            arn = iam.create_policy(PolicyName='read-' + b, PolicyDocument=policy(['s3:GetObject'], '*'))['Policy']['Arn']
            iam.attach_user_policy(UserName='reader-' + b, PolicyArn=arn)
            reader_sts = iam_client(key['AccessKeyId'], key['SecretAccessKey'], service='sts')
            wide = session_s3(assume(reader_sts, Policy=policy('s3:*', '*')))
            results['readerGet'] = error(lambda: wide.get_object(Bucket=b, Key='doc.txt')) or 'ok'
            results['readerPut'] = error(lambda: wide.put_object(Bucket=b, Key='new.txt', Body=b'x'))
            bad = {}
            for name, form in {'duration': {'DurationSeconds': '43201'}, 'notNumber': {'DurationSeconds': 'soon'},
                               'policy': {'Policy': '{"Statement":'}, 'noArn': {'RoleArn': None}, 'noSession': {'RoleSessionName': None}}.items():
                fields = {'Action': 'AssumeRole', 'Version': '2011-06-15', 'RoleArn': 'arn:aws:iam::0:role/x', 'RoleSessionName': 'ok'}
                fields.update(form)
                status, text = signed('sts', {k: v for k, v in fields.items() if v is not None})
                bad[name] = [status, xml_code(text), 'sts.amazonaws.com' in text]
            results['bad'] = bad
            out(results)
            """, Guid.NewGuid().ToString("N")[..8]);
        Assert.Equal("ok", r.GetProperty("get").GetString());
        Assert.Equal("AccessDenied", r.GetProperty("put").GetString());
        Assert.Equal("AccessDenied", r.GetProperty("list").GetString());
        Assert.Equal("[true, 200]", r.GetProperty("presigned").GetRawText());
        Assert.Equal("InvalidToken", r.GetProperty("noToken").GetString());
        Assert.Equal("InvalidToken", r.GetProperty("wrongToken").GetString());
        Assert.Equal("AccessDenied", r.GetProperty("chained").GetString());
        Assert.Equal("ok", r.GetProperty("readerGet").GetString());
        Assert.Equal("AccessDenied", r.GetProperty("readerPut").GetString());
        var bad = r.GetProperty("bad");
        Assert.Equal("[400, \"ValidationError\", true]", bad.GetProperty("duration").GetRawText());
        Assert.Equal("[400, \"ValidationError\", true]", bad.GetProperty("notNumber").GetRawText());
        Assert.Equal("[400, \"MalformedPolicyDocument\", true]", bad.GetProperty("policy").GetRawText());
        Assert.Equal("[400, \"ValidationError\", true]", bad.GetProperty("noArn").GetRawText());
        Assert.Equal("[400, \"ValidationError\", true]", bad.GetProperty("noSession").GetRawText());
    }

    [Fact]
    public async Task Temporary_keys_stop_working_on_the_store_and_the_api_at_expiry()
    {
        var r = await _boto3.JsonAsync(Sessions + """
            # botocore's model says at least 900 seconds; this platform accepts 1.
            c = assume(iam_client(service='sts', validate=False), DurationSeconds=3)
            session = session_s3(c)
            results = {'before': error(lambda: session.get_object(Bucket=b, Key='doc.txt')) or 'ok', 'apiBefore': api_get(c, '/migrations')}
            expires = c['Expiration'].timestamp()
            deadline = time.time() + 30
            outcome = 'ok'
            while outcome == 'ok' and time.time() < deadline:
                outcome = error(lambda: session.get_object(Bucket=b, Key='doc.txt')) or 'ok'
                if outcome == 'ok': time.sleep(0.2)
            results['after'] = outcome
            results['refusedAfterExpiry'] = time.time() >= expires - 1
            results['apiAfter'] = api_get(c, '/migrations')
            out(results)
            """, Guid.NewGuid().ToString("N")[..8]);
        Assert.Equal("ok", r.GetProperty("before").GetString());
        Assert.Equal(200, r.GetProperty("apiBefore").GetInt32());
        Assert.Equal("ExpiredToken", r.GetProperty("after").GetString());
        Assert.True(r.GetProperty("refusedAfterExpiry").GetBoolean());
        Assert.Equal(403, r.GetProperty("apiAfter").GetInt32());
    }
}
