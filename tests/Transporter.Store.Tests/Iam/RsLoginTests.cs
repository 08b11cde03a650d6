using Transporter.Store.Tests.Peers;

namespace Transporter.Store.Tests.Iam;

/// <summary>
/// STS RSLogin on the store's listener, unsigned as the spec sends it (Host sts.*): customer + user name + password
/// give temporary keys that sign S3 requests within the user's policies, and the user's details; a wrong password,
/// user or customer is one 403 AccessDenied; bad input gets the IAM error format and issues no keys.
/// </summary>
public class RsLoginTests(TwoRootStoreFixture store) : IClassFixture<TwoRootStoreFixture>
{
    private readonly Boto3 _boto3 = new(store);

    [Fact]
    public async Task A_user_signs_in_with_its_password_and_gets_keys_limited_to_its_policies()
    {
        var r = await _boto3.JsonAsync(IamClients.Prelude + """
            u = 'login-%s@example.com' % sys.argv[1]
            iam.create_user(UserName=u)
            iam.update_login_profile(UserName=u, Password='Correct-Horse-1', PasswordResetRequired=True)
            arn = iam.create_policy(PolicyName='login-' + sys.argv[1], PolicyDocument=json.dumps({'Version': '2012-10-17',
                'Statement': [{'Effect': 'Allow', 'Action': 's3:ListAllMyBuckets', 'Resource': '*'}]}))['Policy']['Arn']
            iam.attach_user_policy(UserName=u, PolicyArn=arn)
            def login(**form):
                fields = {'Action': 'RSLogin', 'Version': '2011-06-15', 'Customer': 'default', 'UserName': u, 'Password': 'Correct-Horse-1'}
                fields.update(form)
                r = requests.post(ENDPOINT + '/', data={k: v for k, v in fields.items() if v is not None},
                                  headers={'Host': 'sts.lyve.example.com', 'x-lyve-customer': 'default'})
                return r
            ok = login(DurationSeconds='300', OTP='')
            answer = ok.json()
            c = answer['Credentials']
            session = s3_client(c['AccessKeyId'], c['SecretAccessKey'], c['SessionToken'])
            results = {'status': ok.status_code, 'type': ok.headers['Content-Type'], 'info': answer['UserInfo'], 'keys': c,
                       'list': error(lambda: session.list_buckets()) or 'ok',
                       'create': error(lambda: session.create_bucket(Bucket='login-' + sys.argv[1])),
                       'noToken': error(lambda: s3_client(c['AccessKeyId'], c['SecretAccessKey']).list_buckets())}
            bad = {}
            for name, form in {'password': {'Password': 'Wrong-Horse-1'}, 'user': {'UserName': 'nobody@example.com'},
                               'customer': {'Customer': 'no-such-customer'}, 'noPassword': {'Password': None},
                               'noCustomer': {'Customer': None}, 'duration': {'DurationSeconds': '10'}, 'otp': {'OTP': '123456'},
                               'version': {'Version': '2010-05-08'}}.items():
                r = login(**form)
                bad[name] = [r.status_code, xml_code(r.text), 'Credentials' in r.text]
            results['bad'] = bad
            out(results)
            """, Guid.NewGuid().ToString("N")[..8]);

        Assert.Equal(200, r.GetProperty("status").GetInt32());
        Assert.StartsWith("application/json", r.GetProperty("type").GetString());
        var keys = r.GetProperty("keys");
        Assert.StartsWith("ASIA", keys.GetProperty("AccessKeyId").GetString());
        Assert.Equal(64, keys.GetProperty("SessionToken").GetString()!.Length);
        Assert.InRange((keys.GetProperty("Expiration").GetDateTimeOffset() - DateTimeOffset.UtcNow).TotalSeconds, 200, 310);
        var info = r.GetProperty("info");
        Assert.StartsWith("login-", info.GetProperty("Name").GetString());
        Assert.Equal(info.GetProperty("Name").GetString(), info.GetProperty("Email").GetString());
        Assert.Equal("user", info.GetProperty("Type").GetString());
        Assert.Equal("default", info.GetProperty("Root").GetString());
        Assert.True(info.GetProperty("PwdMustChange").GetBoolean());
        Assert.False(info.GetProperty("TFAEnabled").GetBoolean());
        Assert.False(string.IsNullOrEmpty(info.GetProperty("Id").GetString()));
        Assert.Equal("ok", r.GetProperty("list").GetString());
        Assert.Equal("AccessDenied", r.GetProperty("create").GetString());
        Assert.Equal("InvalidToken", r.GetProperty("noToken").GetString());
        var bad = r.GetProperty("bad");
        Assert.Equal("[403, \"AccessDenied\", false]", bad.GetProperty("password").GetRawText());
        Assert.Equal("[403, \"AccessDenied\", false]", bad.GetProperty("user").GetRawText());
        Assert.Equal("[403, \"AccessDenied\", false]", bad.GetProperty("customer").GetRawText());
        Assert.Equal("[400, \"ValidationError\", false]", bad.GetProperty("noPassword").GetRawText());
        Assert.Equal("[400, \"ValidationError\", false]", bad.GetProperty("noCustomer").GetRawText());
        Assert.Equal("[400, \"ValidationError\", false]", bad.GetProperty("duration").GetRawText());
        Assert.Equal("[400, \"InvalidInput\", false]", bad.GetProperty("otp").GetRawText());
        Assert.Equal("[400, \"InvalidAction\", false]", bad.GetProperty("version").GetRawText());
    }

    [Fact]
    public async Task Two_factor_sign_in_needs_a_current_totp_or_an_unused_recovery_code()
    {
        var r = await _boto3.JsonAsync(IamClients.Prelude + """
            import base64, hashlib, hmac, struct, time
            def totp(secret, at=None):
                key = base64.b32decode(secret + '=' * (-len(secret) % 8))
                digest = hmac.new(key, struct.pack('>Q', int((at or time.time()) // 30)), hashlib.sha1).digest()
                o = digest[-1] & 15
                return '%06d' % ((struct.unpack('>I', digest[o:o + 4])[0] & 0x7fffffff) % 1000000)
            u = 'tfa-%s@example.com' % sys.argv[1]
            iam.create_user(UserName=u)
            key = iam.create_access_key(UserName=u)['AccessKey']
            iam.update_login_profile(UserName=u, Password='Correct-Horse-3', PasswordResetRequired=False)
            def rs(form):
                status, text = signed('iam', dict(form, Version='2010-05-08'), key['AccessKeyId'], key['SecretAccessKey'])
                return [status, json.loads(text) if status == 200 and text.startswith('{') else xml_code(text)]
            def login(otp=None):
                form = {'Action': 'RSLogin', 'Version': '2011-06-15', 'Customer': 'default', 'UserName': u, 'Password': 'Correct-Horse-3'}
                if otp is not None: form['OTP'] = otp
                r = requests.post(ENDPOINT + '/', data=form, headers={'Host': 'sts.example.com'})
                return [r.status_code, r.json()['UserInfo']['TFAEnabled'] if r.status_code == 200 else xml_code(r.text)]
            results = {'enableUnprepared': rs({'Action': 'RSEnableTFA', 'OTP': '123456'})}
            prepared = rs({'Action': 'RSPrepareTFA'})
            secret = prepared[1]['secret']
            results['uri'] = prepared[1]['qrCodeUrl']
            results['enableWrong'] = rs({'Action': 'RSEnableTFA', 'OTP': totp(secret, time.time() - 3600)})
            results['enableNoOtp'] = rs({'Action': 'RSEnableTFA'})
            results['beforeEnable'] = login('')
            enabled = rs({'Action': 'RSEnableTFA', 'OTP': totp(secret)})
            codes = enabled[1]['recoveryCodes']
            results['codes'] = [enabled[0], len(codes), len(set(codes))]
            results['noOtp'] = login('')
            results['wrongOtp'] = login(totp(secret, time.time() - 3600))
            results['goodOtp'] = login(totp(secret))
            results['recovery'] = login(codes[0])
            results['recoveryAgain'] = login(codes[0])
            results['disable'] = rs({'Action': 'RSDisableTFA'})[0]
            results['afterDisable'] = login('')
            out(results)
            """, Guid.NewGuid().ToString("N")[..8]);

        Assert.Equal("[400, \"InvalidInput\"]", r.GetProperty("enableUnprepared").GetRawText());
        Assert.StartsWith("otpauth://totp/Transporter%3Atfa-", r.GetProperty("uri").GetString());
        Assert.Equal("[400, \"InvalidInput\"]", r.GetProperty("enableWrong").GetRawText());
        Assert.Equal("[400, \"ValidationError\"]", r.GetProperty("enableNoOtp").GetRawText());
        Assert.Equal("[200, false]", r.GetProperty("beforeEnable").GetRawText());
        Assert.Equal("[200, 10, 10]", r.GetProperty("codes").GetRawText());
        Assert.Equal("[403, \"AccessDenied\"]", r.GetProperty("noOtp").GetRawText());
        Assert.Equal("[403, \"AccessDenied\"]", r.GetProperty("wrongOtp").GetRawText());
        Assert.Equal("[200, true]", r.GetProperty("goodOtp").GetRawText());
        Assert.Equal("[200, true]", r.GetProperty("recovery").GetRawText());
        Assert.Equal("[403, \"AccessDenied\"]", r.GetProperty("recoveryAgain").GetRawText());
        Assert.Equal(200, r.GetProperty("disable").GetInt32());
        Assert.Equal("[200, false]", r.GetProperty("afterDisable").GetRawText());
    }

    [Fact]
    public async Task A_password_reset_token_sets_a_new_password_once()
    {
        var r = await _boto3.JsonAsync(IamClients.Prelude + """
            u = 'reset-%s@example.com' % sys.argv[1]
            iam.create_user(UserName=u)
            key = iam.create_access_key(UserName=u)['AccessKey']
            iam.update_login_profile(UserName=u, Password='Old-Password-1', PasswordResetRequired=True)
            def rs(form, ak=key['AccessKeyId'], sk=key['SecretAccessKey']):
                status, text = signed('iam', dict(form, Version='2010-05-08'), ak, sk)
                return [status, json.loads(text)['Token'] if status == 200 else xml_code(text)]
            def reset(token, password):
                r = requests.post(ENDPOINT + '/', data={'Action': 'RSResetPassword', 'Version': '2010-05-08', 'Token': token, 'NewPassword': password},
                                  headers={'Host': 'iam.example.com'})
                return [r.status_code, xml_code(r.text) if r.status_code != 200 else 'ok']
            def login(password):
                r = requests.post(ENDPOINT + '/', data={'Action': 'RSLogin', 'Version': '2011-06-15', 'Customer': 'default', 'UserName': u,
                                  'Password': password}, headers={'Host': 'sts.example.com'})
                return [r.status_code, r.json()['UserInfo']['PwdMustChange'] if r.status_code == 200 else xml_code(r.text)]
            results = {}
            own = rs({'Action': 'RSGetPasswordResetToken', 'Type': 'pwd_reset'})
            results['ownStatus'] = own[0]
            results['oldStillWorks'] = login('Old-Password-1')
            results['weak'] = reset(own[1], 'weak')
            results['reset'] = reset(own[1], 'New-Password-2')
            results['again'] = reset(own[1], 'Other-Password-9')
            results['unknown'] = reset('not-a-token', 'Other-Password-9')
            results['newWorks'] = login('New-Password-2')
            results['oldRefused'] = login('Old-Password-1')
            results['badType'] = rs({'Action': 'RSGetToken', 'Type': 'other'})
            results['forRoot'] = rs({'Action': 'RSGetToken', 'Type': 'pwd_reset', 'UserName': 'root'})
            byRoot = rs({'Action': 'RSGetToken', 'Type': 'pwd_reset', 'UserName': u}, AK, SK)
            results['invalidatedAtOnce'] = login('New-Password-2')
            results['rootReset'] = reset(byRoot[1], 'Third-Password-3')
            results['thirdWorks'] = login('Third-Password-3')
            out(results)
            """, Guid.NewGuid().ToString("N")[..8]);

        Assert.Equal(200, r.GetProperty("ownStatus").GetInt32());
        Assert.Equal("[200, true]", r.GetProperty("oldStillWorks").GetRawText());
        Assert.Equal("[400, \"PasswordPolicyViolation\"]", r.GetProperty("weak").GetRawText());
        Assert.Equal("[200, \"ok\"]", r.GetProperty("reset").GetRawText());
        Assert.Equal("[403, \"AccessDenied\"]", r.GetProperty("again").GetRawText());
        Assert.Equal("[403, \"AccessDenied\"]", r.GetProperty("unknown").GetRawText());
        Assert.Equal("[200, false]", r.GetProperty("newWorks").GetRawText());
        Assert.Equal("[403, \"AccessDenied\"]", r.GetProperty("oldRefused").GetRawText());
        Assert.Equal("[400, \"ValidationError\"]", r.GetProperty("badType").GetRawText());
        Assert.Equal("[403, \"AccessDenied\"]", r.GetProperty("forRoot").GetRawText());
        Assert.Equal("[403, \"AccessDenied\"]", r.GetProperty("invalidatedAtOnce").GetRawText());
        Assert.Equal("[200, \"ok\"]", r.GetProperty("rootReset").GetRawText());
        Assert.Equal("[200, false]", r.GetProperty("thirdWorks").GetRawText());
    }
}
