using System.Text.Json;
using Transporter.Store.Tests.Peers;

namespace Transporter.Store.Tests.Iam;

/// <summary>
/// The whitelist endpoints (/api/whitelist/RSWhitelist*, JSON signed for "iam") with boto3's signer against the platform:
/// a pending rule changes nothing; once the reseller approves a subnet that is not the client's (127.0.0.1), the
/// customer's store, API and IAM requests are refused; approving 127.0.0.0/8 lets them in; bad input is answered
/// {"ok":false,...} and changes nothing.
/// </summary>
public class WhitelistTests(ShortSessionStoreFixture store) : IClassFixture<ShortSessionStoreFixture>
{
    private readonly Boto3 _boto3 = new(store);

    private const string Helpers = CustomerClients.Prelude + """
        def rule(action, method, body=None, creds=RESELLER, query=''):
            data = json.dumps(body).encode() if body is not None else b''
            url = ENDPOINT + '/api/whitelist/' + action + ('?' + query if query else '')
            request = AWSRequest(method=method, url=url, data=data, headers={'Content-Type': 'application/json'})
            botocore.auth.SigV4Auth(Credentials(creds['AccessKeyId'], creds['SecretAccessKey'], creds.get('SessionToken')), 'iam', 'us-east-1').add_auth(request)
            prepared = request.prepare()
            r = requests.request(method, prepared.url, headers=dict(prepared.headers), data=data)
            return [r.status_code, r.json() if r.text.startswith('{') else r.text]
        def access(k):
            return [error(lambda: s3_of(k).list_buckets()), api_status(k), xml_code(call('iam', {'Action': 'RSGetUserInfo'}, k)[1])]
        def statuses(name):
            return {r['subNet']: r['status'] for r in rule('RSWhitelistListRules', 'GET', query='root=' + name)[1]['rules']}

        """;

    [Fact]
    public async Task Only_approved_subnets_admit_a_customer_once_it_has_any()
    {
        var r = await _boto3.JsonAsync(Helpers + """
            name, other = sys.argv[1], sys.argv[2]
            key = customer_key(name, *create_customer(name))
            other_key = customer_key(other, *create_customer(other))
            results = {'open': access(key)}
            added = rule('RSWhitelistAddRule', 'PUT', {'root': name, 'subNet': '10.0.0.0/8', 'notes': 'office', 'ttl': 30}, key)
            results['added'] = added
            far = added[1]['ruleId']
            results['pending'] = [statuses(name), access(key)]
            results['selfApprove'] = rule('RSWhitelistApproveRule', 'POST', {'root': name, 'ruleId': far}, key)
            results['otherCustomer'] = rule('RSWhitelistAddRule', 'PUT', {'root': name, 'subNet': '0.0.0.0/0'}, other_key)
            results['approved'] = rule('RSWhitelistApproveRule', 'POST', {'root': name, 'ruleId': far, 'notes': 'ok'})
            results['locked'] = [statuses(name), access(key), access(other_key)]
            near = rule('RSWhitelistAddRule', 'PUT', {'root': name, 'subNet': '127.0.0.0/8'}, key)[1]['ruleId']
            results['nearPending'] = access(key)
            rule('RSWhitelistApproveRule', 'POST', {'root': name, 'ruleId': near})
            results['admitted'] = [statuses(name), access(key)]
            results['customerDeletesActive'] = rule('RSWhitelistDeleteRule', 'DELETE', {'root': name, 'ruleId': near}, key)
            results['resellerDeletes'] = rule('RSWhitelistDeleteRule', 'DELETE', {'root': name, 'ruleId': near})
            results['lockedAgain'] = access(key)
            results['stats'] = rule('RSWhitelistStats', 'GET', query='root=' + name)
            out(results)
            """, "w" + Guid.NewGuid().ToString("N")[..10], "w" + Guid.NewGuid().ToString("N")[..10]);

        Assert.Equal("[null,200,null]", Compact(r.GetProperty("open")));
        var added = r.GetProperty("added");
        Assert.Equal(200, added[0].GetInt32());
        Assert.True(added[1].GetProperty("ok").GetBoolean());
        Assert.True(Guid.TryParse(added[1].GetProperty("ruleId").GetString(), out _));
        Assert.Equal("""[{"10.0.0.0/8":"Pending"},[null,200,null]]""", Compact(r.GetProperty("pending")));
        Refused(r.GetProperty("selfApprove"), 403, "AccessDenied");
        Refused(r.GetProperty("otherCustomer"), 403, "AccessDenied");
        var approved = r.GetProperty("approved");
        Assert.Equal(200, approved[0].GetInt32());
        Assert.Equal("Active", approved[1].GetProperty("status").GetString());
        Assert.Equal("""[{"10.0.0.0/8":"Active"},["AccessDenied",403,"AccessDenied"],[null,200,null]]""", Compact(r.GetProperty("locked")));
        Assert.Equal("""["AccessDenied",403,"AccessDenied"]""", Compact(r.GetProperty("nearPending")));
        Assert.Equal("""[{"10.0.0.0/8":"Active","127.0.0.0/8":"Active"},[null,200,null]]""", Compact(r.GetProperty("admitted")));
        Refused(r.GetProperty("customerDeletesActive"), 403, "AccessDenied");
        Assert.Equal(200, r.GetProperty("resellerDeletes")[0].GetInt32());
        Assert.Equal("""["AccessDenied",403,"AccessDenied"]""", Compact(r.GetProperty("lockedAgain")));
        Assert.Equal(1, r.GetProperty("stats")[1].GetProperty("rules").GetProperty("Active").GetInt32());
    }

    [Fact]
    public async Task Bad_whitelist_input_is_answered_in_json_and_changes_nothing()
    {
        var r = await _boto3.JsonAsync(Helpers + """
            name = sys.argv[1]
            key = customer_key(name, *create_customer(name))
            results = {
                'noSubnet': rule('RSWhitelistAddRule', 'PUT', {'root': name}, key),
                'badSubnet': rule('RSWhitelistAddRule', 'PUT', {'root': name, 'subNet': '300.1.2.3/8'}, key),
                'badTtl': rule('RSWhitelistAddRule', 'PUT', {'root': name, 'subNet': '10.0.0.0/8', 'ttl': -1}, key),
                'noRoot': rule('RSWhitelistAddRule', 'PUT', {'subNet': '10.0.0.0/8'}, key),
                'unknownRoot': rule('RSWhitelistAddRule', 'PUT', {'root': 'no-such-' + name, 'subNet': '10.0.0.0/8'}),
                'unknownRule': rule('RSWhitelistApproveRule', 'POST', {'root': name, 'ruleId': 'no-such-rule'}),
                'wrongMethod': rule('RSWhitelistListRules', 'POST', {'root': name}),
                'notJson': rule('RSWhitelistAddRule', 'PUT', 'not json', key),
            }
            results['rules'] = rule('RSWhitelistListRules', 'GET', query='root=' + name)[1]['rules']
            results['access'] = access(key)
            out(results)
            """, "w" + Guid.NewGuid().ToString("N")[..10]);

        Refused(r.GetProperty("noSubnet"), 400, "ValidationError");
        Refused(r.GetProperty("badSubnet"), 400, "InvalidInput");
        Refused(r.GetProperty("badTtl"), 400, "InvalidInput");
        Refused(r.GetProperty("noRoot"), 400, "ValidationError");
        Refused(r.GetProperty("unknownRoot"), 404, "NoSuchEntity");
        Refused(r.GetProperty("unknownRule"), 404, "NoSuchEntity");
        Refused(r.GetProperty("wrongMethod"), 405, "MethodNotAllowed");
        Assert.Equal(400, r.GetProperty("notJson")[0].GetInt32());
        Assert.Equal(0, r.GetProperty("rules").GetArrayLength());
        Assert.Equal("[null,200,null]", Compact(r.GetProperty("access")));
    }

    private static string Compact(JsonElement e) => JsonSerializer.Serialize(e);

    private static void Refused(JsonElement answer, int status, string code)
    {
        Assert.Equal(status, answer[0].GetInt32());
        Assert.False(answer[1].GetProperty("ok").GetBoolean());
        Assert.Equal(code, answer[1].GetProperty("errorCode").GetString());
        Assert.False(string.IsNullOrEmpty(answer[1].GetProperty("errorDesc").GetString()));
    }
}
