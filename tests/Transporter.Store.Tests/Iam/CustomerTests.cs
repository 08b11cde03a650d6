using System.Text.Json;
using Transporter.Store.Tests.Peers;

namespace Transporter.Store.Tests.Iam;

/// <summary>
/// The reseller actions through boto3-signed requests against the platform (store and API): the fixture's first root is
/// the reseller. A customer is created, signs in, is disabled (its keys refused by the store and the API at once) and
/// enabled again; a customer is no reseller; assume-customer-role only when the customer allows it; service switches;
/// bad input answered in the IAM error format with nothing changed.
/// </summary>
public class CustomerTests(ShortSessionStoreFixture store) : IClassFixture<ShortSessionStoreFixture>
{
    private readonly Boto3 _boto3 = new(store);

    private static string NewName() => "c" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task A_disabled_customer_is_refused_by_the_store_and_the_api_until_enabled_again()
    {
        var r = await _boto3.JsonAsync(CustomerClients.Prelude + """
            name = sys.argv[1]
            created = json_of(call('iam', {'Action': 'RSCreateCustomer', 'Name': name.upper(), 'Email': 'admin@%s.example' % name,
                'Password': 'Customer-Pass-1', 'AssumeRoleControl': 'customer'}))
            key = customer_key(name, 'admin@%s.example' % name, 'Customer-Pass-1')
            session = login(name, 'admin@%s.example' % name, 'Customer-Pass-1')
            s3_of(key).create_bucket(Bucket=name + '-b')
            s3_of(key).put_object(Bucket=name + '-b', Key='k', Body=b'12345')
            before = [error(lambda: s3_of(key).list_buckets()), api_status(key)]
            modified = call('iam', {'Action': 'RSModifyCustomer', 'CustomerName': name, 'Status': 'disabled'})
            disabled = [error(lambda: s3_of(key).list_buckets()), api_status(key), error(lambda: s3_of(session).list_buckets()),
                        api_status(session), xml_code(call('iam', {'Action': 'RSGetUserInfo'}, key)[1])]
            listed = [c for c in json_of(call('iam', {'Action': 'RSListCustomer'})) if c['Name'] == name]
            call('iam', {'Action': 'RSModifyCustomer', 'CustomerName': name, 'Status': 'enabled'})
            after = [error(lambda: s3_of(key).list_buckets()), api_status(key)]
            details = json_of(call('iam', {'Action': 'RSCustomerDetails', 'CustomerName': name}))
            out({'created': created, 'before': before, 'modified': modified, 'disabled': disabled, 'listed': listed, 'after': after,
                 'details': details})
            """, NewName());

        var name = r.GetProperty("listed")[0].GetProperty("Name").GetString()!;
        Assert.True(r.GetProperty("created").GetProperty("Ok").GetBoolean());
        Assert.Equal("lyve:" + name, r.GetProperty("created").GetProperty("Root").GetString());
        Assert.Matches("^1[0-9]{11}$", r.GetProperty("created").GetProperty("RootID").GetString());
        Assert.Equal("[null,200]", r.GetProperty("before").GetRawText().Replace(" ", ""));
        Assert.Equal("[200,\"\"]", r.GetProperty("modified").GetRawText().Replace(" ", ""));
        var disabled = r.GetProperty("disabled");
        Assert.Equal("InvalidAccessKeyId", disabled[0].GetString());
        Assert.Equal(403, disabled[1].GetInt32());
        Assert.Equal("InvalidAccessKeyId", disabled[2].GetString());
        Assert.Equal(403, disabled[3].GetInt32());
        Assert.Equal("InvalidClientTokenId", disabled[4].GetString());
        var listed = r.GetProperty("listed")[0];
        Assert.False(listed.GetProperty("Active").GetBoolean());
        Assert.Equal("customer", listed.GetProperty("AssumeRoleControl").GetString());
        Assert.NotEqual("0001-01-01T00:00:00Z", listed.GetProperty("SuspendedAt").GetString());
        Assert.Equal("[null,200]", r.GetProperty("after").GetRawText().Replace(" ", ""));
        var details = r.GetProperty("details");
        Assert.True(details.GetProperty("Active").GetBoolean());
        Assert.Equal($"admin@{name}.example", details.GetProperty("Email").GetString());
        Assert.Equal(1, details.GetProperty("NumBuckets").GetInt32());
        Assert.Equal(1, details.GetProperty("NumFiles").GetInt32());
        Assert.Equal(5, details.GetProperty("UsedSpace").GetInt64());
        Assert.Equal(1, details.GetProperty("NumUsers").GetInt32());
        Assert.Equal(1, details.GetProperty("NumAdminRoots").GetInt32());
    }

    [Fact]
    public async Task A_customer_is_no_reseller_and_never_sees_another_customers_users()
    {
        var (a, b) = (NewName(), NewName());
        var r = await _boto3.JsonAsync(CustomerClients.Prelude + """
            a, b = sys.argv[1], sys.argv[2]
            key_a = customer_key(a, *create_customer(a))
            key_b = customer_key(b, *create_customer(b))
            refused = {action: [call('iam', dict({'Action': action}, **form), key_a)[0], xml_code(call('iam', dict({'Action': action}, **form), key_a)[1])]
                       for action, form in {'RSCreateCustomer': {'Name': 'x' + a, 'Email': 'x@x.example', 'Password': 'Customer-Pass-1'},
                                            'RSListCustomer': {}, 'RSCustomerDetails': {'CustomerName': b},
                                            'RSModifyCustomer': {'CustomerName': b, 'Status': 'disabled'},
                                            'RSSetCustomerServiceAccessLevel': {'CustomerName': b, 'Service': 'space', 'AccessLevel': 'disabled'}}.items()}
            users_b = [u['UserName'] for u in iam_client(key_b['AccessKeyId'], key_b['SecretAccessKey']).list_users()['Users']]
            still = [error(lambda: s3_of(key_b).list_buckets()), json_of(call('iam', {'Action': 'RSCustomerDetails', 'CustomerName': b}))['Active']]
            out({'refused': refused, 'usersB': users_b, 'still': still,
                 'regions': json_of(call('iam', {'Action': 'RSAvailableRegions', 'Customer': a})), 'ownRegions': json_of(call('iam', {'Action': 'RSAvailableRegions'}, key_a))})
            """, a, b);

        foreach (var refused in r.GetProperty("refused").EnumerateObject())
        {
            Assert.Equal(403, refused.Value[0].GetInt32());
            Assert.Equal("AccessDenied", refused.Value[1].GetString());
        }
        var users = r.GetProperty("usersB").EnumerateArray().Select(u => u.GetString()).ToList();
        Assert.Equal([$"admin@{b}.example"], users);
        Assert.Equal("[null,true]", r.GetProperty("still").GetRawText().Replace(" ", ""));
        Assert.Equal("us-east-1", r.GetProperty("regions").GetProperty("Regions")[0].GetString());
        Assert.False(r.GetProperty("ownRegions").GetProperty("ReplicationEnforcement").GetBoolean());
    }

    [Fact]
    public async Task The_reseller_assumes_a_customers_role_only_when_the_customer_allows_it()
    {
        var r = await _boto3.JsonAsync(CustomerClients.Prelude + """
            name, never = sys.argv[1], sys.argv[2]
            key = customer_key(name, *create_customer(name, AssumeRoleControl='customer'))
            create_customer(never)
            s3_of(key).create_bucket(Bucket=name + '-owned')
            def assume(customer):
                return call('sts', {'Action': 'RSAssumeCustomerRole', 'Customer': customer, 'DurationSeconds': '900'})
            results = {'notYet': assume(name), 'resellerSwitch': call('iam', {'Action': 'RSModifyCustomer', 'CustomerName': name, 'AssumeRoleEnabled': 'true'}),
                       'noControl': assume(never), 'customerCannotAssume': call('sts', {'Action': 'RSAssumeCustomerRole', 'Customer': name}, key)}
            results['customerSwitch'] = call('iam', {'Action': 'RSModifyCustomer', 'CustomerName': name, 'AssumeRoleEnabled': 'true'}, key)
            assumed = json_of(assume(name))
            results['assumed'] = assumed
            results['buckets'] = [b['Name'] for b in s3_of(assumed).list_buckets()['Buckets']]
            results['unknown'] = assume('no-such-' + name)
            out(results)
            """, NewName(), NewName());

        static void Refused(System.Text.Json.JsonElement answer, int status, string code)
        {
            Assert.Equal(status, answer[0].GetInt32());
            Assert.Contains($"<Code>{code}</Code>", answer[1].GetString());
        }
        Refused(r.GetProperty("notYet"), 403, "AccessDenied");
        Refused(r.GetProperty("resellerSwitch"), 403, "AccessDenied");
        Refused(r.GetProperty("noControl"), 403, "AccessDenied");
        Refused(r.GetProperty("customerCannotAssume"), 403, "AccessDenied");
        Refused(r.GetProperty("unknown"), 404, "NoSuchEntity");
        Assert.Equal(200, r.GetProperty("customerSwitch")[0].GetInt32());
        var assumed = r.GetProperty("assumed");
        Assert.True(assumed.GetProperty("Ok").GetBoolean());
        Assert.StartsWith("ASIA", assumed.GetProperty("AccessKeyId").GetString());
        Assert.InRange((assumed.GetProperty("Expiration").GetDateTimeOffset() - DateTimeOffset.UtcNow).TotalSeconds, 800, 910);
        Assert.Single(r.GetProperty("buckets").EnumerateArray(), b => b.GetString()!.EndsWith("-owned", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Service_access_levels_switch_the_store_and_the_api_per_customer()
    {
        var r = await _boto3.JsonAsync(CustomerClients.Prelude + """
            name, restricted = sys.argv[1], sys.argv[2]
            key = customer_key(name, *create_customer(name))
            def both(k):
                return [error(lambda: s3_of(k).list_buckets()), api_status(k)]
            def level(customer, service, value):
                return call('iam', {'Action': 'RSSetCustomerServiceAccessLevel', 'CustomerName': customer, 'Service': service, 'AccessLevel': value})
            results = {'start': both(key)}
            level(name, 'transporter', 'disabled')
            results['noTransporter'] = both(key)
            level(name, 'transporter', 'enabled')
            level(name, 'space', 'disabled')
            results['noSpace'] = both(key)
            level(name, 'space', 'enabled')
            results['again'] = both(key)
            results['badService'] = level(name, 'insights-x', 'enabled')
            results['badLevel'] = level(name, 'space', 'maybe')
            results['unchanged'] = both(key)
            out(results)
            """, NewName(), NewName());

        Assert.Equal("[null,200]", r.GetProperty("start").GetRawText().Replace(" ", ""));
        Assert.Equal("[null,403]", r.GetProperty("noTransporter").GetRawText().Replace(" ", ""));
        Assert.Equal("[\"AccessDenied\",200]", r.GetProperty("noSpace").GetRawText().Replace(" ", ""));
        Assert.Equal("[null,200]", r.GetProperty("again").GetRawText().Replace(" ", ""));
        Assert.Equal(400, r.GetProperty("badService")[0].GetInt32());
        Assert.Contains("<Code>InvalidInput</Code>", r.GetProperty("badService")[1].GetString());
        Assert.Equal(400, r.GetProperty("badLevel")[0].GetInt32());
        Assert.Equal("[null,200]", r.GetProperty("unchanged").GetRawText().Replace(" ", ""));
    }

    [Fact]
    public async Task A_deleted_customer_is_gone_with_its_keys_but_not_while_it_owns_buckets()
    {
        var r = await _boto3.JsonAsync(CustomerClients.Prelude + """
            name = sys.argv[1]
            email, pw = create_customer(name)
            key = customer_key(name, email, pw)
            s3_of(key).create_bucket(Bucket=name + '-keep')
            delete = {'Action': 'RSModifyCustomer', 'CustomerName': name, 'Status': 'deleted'}
            results = {'withBucket': call('iam', delete), 'stillWorks': error(lambda: s3_of(key).list_buckets())}
            s3_of(key).delete_bucket(Bucket=name + '-keep')
            results['deleted'] = call('iam', delete)
            results['key'] = error(lambda: s3_of(key).list_buckets())
            results['details'] = call('iam', {'Action': 'RSCustomerDetails', 'CustomerName': name})
            results['listed'] = [c['Name'] for c in json_of(call('iam', {'Action': 'RSListCustomer'})) if c['Name'] == name]
            results['recreated'] = json_of(call('iam', {'Action': 'RSCreateCustomer', 'Name': name, 'Email': email, 'Password': pw}))['Ok']
            out(results)
            """, NewName());

        Assert.Equal(409, r.GetProperty("withBucket")[0].GetInt32());
        Assert.Contains("<Code>DeleteConflict</Code>", r.GetProperty("withBucket")[1].GetString());
        Assert.Equal(JsonValueKind.Null, r.GetProperty("stillWorks").ValueKind);
        Assert.Equal(200, r.GetProperty("deleted")[0].GetInt32());
        Assert.Equal("InvalidAccessKeyId", r.GetProperty("key").GetString());
        Assert.Equal(404, r.GetProperty("details")[0].GetInt32());
        Assert.Equal(0, r.GetProperty("listed").GetArrayLength());
        Assert.True(r.GetProperty("recreated").GetBoolean());
    }

    [Fact]
    public async Task Bad_input_gets_the_iam_error_format_and_creates_or_changes_nothing()
    {
        var r = await _boto3.JsonAsync(CustomerClients.Prelude + """
            name = sys.argv[1]
            def create(**form):
                return call('iam', dict({'Action': 'RSCreateCustomer'}, **form))
            results = {
                'noPassword': create(Name=name, Email='a@b.example'),
                'noName': create(Email='a@b.example', Password='Customer-Pass-1'),
                'weakPassword': create(Name=name, Email='a@b.example', Password='x'),
                'badControl': create(Name=name, Email='a@b.example', Password='Customer-Pass-1', AssumeRoleControl='anyone'),
                'badRegion': create(Name=name, Email='a@b.example', Password='Customer-Pass-1', Regions='MARS01'),
                'badName': create(Name='no/slash', Email='a@b.example', Password='Customer-Pass-1'),
                'unknownModify': call('iam', {'Action': 'RSModifyCustomer', 'CustomerName': 'no-such-' + name, 'Status': 'disabled'}),
                'unknownDetails': call('iam', {'Action': 'RSCustomerDetails', 'CustomerName': name}),
            }
            create_customer(name)
            results['duplicate'] = create(Name=name, Email='a@b.example', Password='Customer-Pass-1')
            results['badStatus'] = call('iam', {'Action': 'RSModifyCustomer', 'CustomerName': name, 'Status': 'paused'})
            results['details'] = json_of(call('iam', {'Action': 'RSCustomerDetails', 'CustomerName': name}))
            results['count'] = len([c for c in json_of(call('iam', {'Action': 'RSListCustomer'})) if c['Name'] == name])
            out(results)
            """, NewName());

        static void Refused(System.Text.Json.JsonElement answer, int status, string code)
        {
            Assert.Equal(status, answer[0].GetInt32());
            Assert.Contains($"<Code>{code}</Code>", answer[1].GetString());
            Assert.Contains("<ErrorResponse", answer[1].GetString());
        }
        Refused(r.GetProperty("noPassword"), 400, "ValidationError");
        Refused(r.GetProperty("noName"), 400, "ValidationError");
        Refused(r.GetProperty("weakPassword"), 400, "InvalidInput");
        Refused(r.GetProperty("badControl"), 400, "InvalidInput");
        Refused(r.GetProperty("badRegion"), 400, "InvalidInput");
        Refused(r.GetProperty("badName"), 400, "InvalidInput");
        Refused(r.GetProperty("unknownModify"), 404, "NoSuchEntity");
        Refused(r.GetProperty("unknownDetails"), 404, "NoSuchEntity");
        Refused(r.GetProperty("duplicate"), 409, "EntityAlreadyExists");
        Refused(r.GetProperty("badStatus"), 400, "InvalidInput");
        Assert.True(r.GetProperty("details").GetProperty("Active").GetBoolean());
        Assert.Equal(1, r.GetProperty("count").GetInt32());
    }
}
