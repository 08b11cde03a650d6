using System.Text.Json;
using Transporter.Testing;

namespace Transporter.Store.Tests.Peers;

/// <summary>
/// Runs a Python snippet with Debian's boto3 against the store. The prelude gives it <c>s3</c> (a path-style client),
/// <c>raw(...)</c> (a request signed by botocore's SigV4 signer with any method, path, headers and body, for inputs
/// a client library would refuse to send), <c>code(response)</c> (the S3 error code) and <c>out(value)</c> (print JSON).
/// </summary>
public sealed class Boto3(StoreFixture store)
{
    public const string Python = "/usr/bin/python3";

    private const string Prelude = """
        import base64, datetime, hashlib, json, os, re, sys, time
        import boto3, botocore, botocore.auth, requests
        from botocore.config import Config
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials
        from botocore.exceptions import ClientError
        ENDPOINT = os.environ['S3_ENDPOINT']
        AK, SK = os.environ['AWS_ACCESS_KEY_ID'], os.environ['AWS_SECRET_ACCESS_KEY']
        def client(**kw):
            return boto3.client('s3', endpoint_url=ENDPOINT, aws_access_key_id=AK, aws_secret_access_key=SK, region_name='us-east-1',
                config=Config(s3={'addressing_style': kw.pop('style', 'path')}, retries={'max_attempts': 1}, **kw))
        s3 = client()
        def raw(method, path, body=b'', headers=None, query='', secret=None, skew=None):
            url = ENDPOINT + path + ('?' + query if query else '')
            request = AWSRequest(method=method, url=url, data=body, headers=dict(headers or {}))
            request.headers['x-amz-content-sha256'] = hashlib.sha256(body).hexdigest()
            real = botocore.auth.datetime
            if skew is not None:
                class Shifted(datetime.datetime):
                    @classmethod
                    def utcnow(cls):
                        return datetime.datetime.utcnow() + datetime.timedelta(seconds=skew)
                botocore.auth.datetime = type('m', (), {'datetime': Shifted})
            try:
                botocore.auth.SigV4Auth(Credentials(AK, secret or SK), 's3', 'us-east-1').add_auth(request)
            finally:
                botocore.auth.datetime = real
            prepared = request.prepare()
            return requests.request(method, prepared.url, headers=dict(prepared.headers), data=body)
        def code(response):
            match = re.search(r'<Code>([^<]*)</Code>', response.text)
            return match.group(1) if match else None
        def error(call):
            try:
                call()
                return None
            except ClientError as e:
                return e.response['Error']['Code']
        def out(value):
            print(json.dumps(value, default=str))

        """;

    /// <summary>Runs <paramref name="script"/> (after the prelude); returns what it printed, failing on a non-zero exit.</summary>
    public async Task<string> RunAsync(string script, params string[] args)
    {
        var file = Path.Combine(RepoPaths.NewTempDir("boto3"), "script.py");
        await File.WriteAllTextAsync(file, Prelude + script);
        var result = await CommandLine.RunAsync(Python, [file, .. args], store.PeerEnvironment(), timeout: TimeSpan.FromMinutes(3));
        return result.EnsureSuccess().StdOut;
    }

    /// <summary>Runs a script that ends with one <c>out(...)</c> and parses that JSON.</summary>
    public async Task<JsonElement> JsonAsync(string script, params string[] args)
    {
        var output = await RunAsync(script, args);
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
        return JsonDocument.Parse(last).RootElement.Clone();
    }
}
