namespace Transporter.Store.Tests.Iam;

/// <summary>Python helpers (after <see cref="IamClients.Prelude"/>) for the reseller actions: <c>call(service, form, creds)</c>
/// signs a form POST with any keys (a session's token included) and answers [status, body]; <c>create_customer(name)</c>
/// makes a customer of the reseller (the fixture's root) and answers its email and password; <c>login(name, email, pw)</c>
/// is RSLogin; <c>api_status(creds)</c> is the migration API's GET /migrations status for those keys.</summary>
internal static class CustomerClients
{
    public const string Prelude = IamClients.Prelude + """
        RESELLER = {'AccessKeyId': AK, 'SecretAccessKey': SK, 'SessionToken': None}
        def call(service, form, creds=RESELLER):
            version = '2011-06-15' if service == 'sts' else '2010-05-08'
            body = urllib.parse.urlencode(dict({'Version': version}, **form)).encode()
            request = AWSRequest(method='POST', url=ENDPOINT + '/', data=body,
                headers={'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8'})
            botocore.auth.SigV4Auth(Credentials(creds['AccessKeyId'], creds['SecretAccessKey'], creds.get('SessionToken')), service, 'us-east-1').add_auth(request)
            prepared = request.prepare()
            r = requests.post(prepared.url, headers=dict(prepared.headers), data=body)
            return [r.status_code, r.text]
        def json_of(answer):
            assert answer[0] == 200, answer
            return json.loads(answer[1]) if answer[1] else None
        def create_customer(name, **extra):
            email, pw = 'admin@%s.example' % name, 'Customer-Pass-1'
            json_of(call('iam', dict({'Action': 'RSCreateCustomer', 'Name': name, 'Email': email, 'Password': pw}, **extra)))
            return email, pw
        def login(name, email, pw):
            r = requests.post(ENDPOINT + '/', data={'Action': 'RSLogin', 'Version': '2011-06-15', 'Customer': name, 'UserName': email,
                'Password': pw, 'DurationSeconds': '900'}, headers={'Host': 'sts.lyve.example.com', 'x-lyve-customer': name})
            assert r.status_code == 200, r.text
            return r.json()['Credentials']
        def customer_key(name, email, pw):
            session = login(name, email, pw)
            key = iam_client(session['AccessKeyId'], session['SecretAccessKey'], session['SessionToken']).create_access_key()['AccessKey']
            return {'AccessKeyId': key['AccessKeyId'], 'SecretAccessKey': key['SecretAccessKey'], 'SessionToken': None}
        def s3_of(creds):
            return s3_client(creds['AccessKeyId'], creds['SecretAccessKey'], creds.get('SessionToken'))
        def api_status(creds):
            request = AWSRequest(method='GET', url=os.environ['API_URL'] + '/migrations')
            botocore.auth.SigV4Auth(Credentials(creds['AccessKeyId'], creds['SecretAccessKey'], creds.get('SessionToken')), 'transporter', 'us-east-1').add_auth(request)
            prepared = request.prepare()
            return requests.get(prepared.url, headers=dict(prepared.headers)).status_code

        """;
}
