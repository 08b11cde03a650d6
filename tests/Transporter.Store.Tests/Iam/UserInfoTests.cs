using Transporter.Store.Tests.Peers;

namespace Transporter.Store.Tests.Iam;

/// <summary>
/// The spec's RS* user actions on the IAM endpoint with botocore-signed requests: RSGetUserInfo (JSON, unknown names
/// left out, a user reads itself but not others), RSSetUserInfo, RSSetUserAuthMethod (federated users are refused by
/// RSLogin, saying SAML is not offered); bad input gets the IAM error format and changes nothing.
/// </summary>
public class UserInfoTests(TwoRootStoreFixture store) : IClassFixture<TwoRootStoreFixture>
{
    private readonly Boto3 _boto3 = new(store);

    [Fact]
    public async Task User_info_is_read_and_set_and_a_federated_user_cannot_sign_in_with_a_password()
    {
        var r = await _boto3.JsonAsync(IamClients.Prelude + """
            import json as _json
            a = 'info-a-%s@example.com' % sys.argv[1]
            b = 'info-b-%s@example.com' % sys.argv[1]
            iam.create_user(UserName=a)
            iam.create_user(UserName=b)
            key = iam.create_access_key(UserName=a)['AccessKey']
            iam.update_login_profile(UserName=b, Password='Correct-Horse-2', PasswordResetRequired=False)
            def rs(form, ak=AK, sk=SK):
                status, text = signed('iam', dict(form, Version='2010-05-08'), ak, sk)
                return [status, _json.loads(text) if status == 200 and text.startswith('[') else xml_code(text)]
            results = {}
            results['set'] = rs({'Action': 'RSSetUserInfo', 'Name': a, 'Firstname': 'Ada', 'Lastname': 'Lovelace', 'Type': 'admin'})
            results['get'] = rs({'Action': 'RSGetUserInfo', 'UserList.1': a, 'UserList.2': 'nonexistent', 'UserList.3': b})
            results['self'] = rs({'Action': 'RSGetUserInfo'}, key['AccessKeyId'], key['SecretAccessKey'])
            results['other'] = rs({'Action': 'RSGetUserInfo', 'UserList.1': b}, key['AccessKeyId'], key['SecretAccessKey'])
            results['badType'] = rs({'Action': 'RSSetUserInfo', 'Name': a, 'Firstname': 'Changed', 'Type': 'emperor'})
            results['rootType'] = rs({'Action': 'RSSetUserInfo', 'Name': a, 'Type': 'root'})
            results['noName'] = rs({'Action': 'RSSetUserInfo', 'Firstname': 'X'})
            results['unknownUser'] = rs({'Action': 'RSSetUserInfo', 'Name': 'nobody@example.com', 'Firstname': 'X'})
            results['badMethod'] = rs({'Action': 'RSSetUserAuthMethod', 'Name': b, 'AuthMethod': 'magic'})
            results['notAllowed'] = rs({'Action': 'RSSetUserAuthMethod', 'Name': b, 'AuthMethod': 'federated'}, key['AccessKeyId'], key['SecretAccessKey'])
            results['after'] = rs({'Action': 'RSGetUserInfo', 'UserList.1': a, 'UserList.2': b})
            def login():
                r = requests.post(ENDPOINT + '/', data={'Action': 'RSLogin', 'Version': '2011-06-15', 'Customer': 'default', 'UserName': b,
                                  'Password': 'Correct-Horse-2'}, headers={'Host': 'sts.example.com'})
                return [r.status_code, r.json()['UserInfo']['Type'] if r.status_code == 200 else xml_code(r.text), r.text if r.status_code != 200 else '']
            results['loginPassword'] = login()
            results['federated'] = rs({'Action': 'RSSetUserAuthMethod', 'Name': b, 'AuthMethod': 'federated'})
            results['loginFederated'] = login()
            out(results)
            """, Guid.NewGuid().ToString("N")[..8]);

        Assert.True(r.GetProperty("set")[0].GetInt32() == 200, r.GetRawText());
        var got = r.GetProperty("get")[1];
        Assert.Equal(2, got.GetArrayLength());
        var a = got[0];
        Assert.StartsWith("info-a-", a.GetProperty("Name").GetString());
        Assert.Equal("Ada", a.GetProperty("Firstname").GetString());
        Assert.Equal("Lovelace", a.GetProperty("Lastname").GetString());
        Assert.Equal("admin", a.GetProperty("Type").GetString());
        Assert.Equal("password", a.GetProperty("AuthMethod").GetString());
        Assert.Equal("default", a.GetProperty("Root").GetString());
        Assert.Equal("user", got[1].GetProperty("Type").GetString());
        Assert.Equal("", got[1].GetProperty("Firstname").GetString());
        var self = r.GetProperty("self")[1];
        Assert.Equal(1, self.GetArrayLength());
        Assert.Equal(a.GetProperty("Name").GetString(), self[0].GetProperty("Name").GetString());
        Assert.Equal("[403, \"AccessDenied\"]", r.GetProperty("other").GetRawText());
        Assert.Equal("[400, \"InvalidInput\"]", r.GetProperty("badType").GetRawText());
        Assert.Equal("[400, \"InvalidInput\"]", r.GetProperty("rootType").GetRawText());
        Assert.Equal("[400, \"ValidationError\"]", r.GetProperty("noName").GetRawText());
        Assert.Equal("[404, \"NoSuchEntity\"]", r.GetProperty("unknownUser").GetRawText());
        Assert.Equal("[400, \"InvalidInput\"]", r.GetProperty("badMethod").GetRawText());
        Assert.Equal("[403, \"AccessDenied\"]", r.GetProperty("notAllowed").GetRawText());
        // The refused calls changed nothing.
        var after = r.GetProperty("after")[1];
        Assert.Equal("Ada", after[0].GetProperty("Firstname").GetString());
        Assert.Equal("admin", after[0].GetProperty("Type").GetString());
        Assert.Equal("password", after[1].GetProperty("AuthMethod").GetString());
        Assert.Equal(200, r.GetProperty("loginPassword")[0].GetInt32());
        Assert.Equal(200, r.GetProperty("federated")[0].GetInt32());
        var federated = r.GetProperty("loginFederated");
        Assert.Equal(403, federated[0].GetInt32());
        Assert.Equal("AccessDenied", federated[1].GetString());
        Assert.Contains("SAML", federated[2].GetString());
    }
}
