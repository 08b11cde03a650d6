using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Transporter.Testing;

namespace Transporter.Identity.Tests.Signatures;

/// <summary>Requests signed by botocore (the signer of boto3 and the AWS CLI) and sent over HTTP to a Kestrel app that
/// authenticates them with the real authenticator: SigV4 for S3 and for another service, presigned URLs, SigV2.</summary>
public class BotocoreSignedRequestTests
{
    private const string Script = """
        import json, sys, urllib.request, urllib.error
        from botocore.auth import SigV4Auth, S3SigV4Auth, S3SigV4QueryAuth, HmacV1Auth, HmacV1QueryAuth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials

        base, key, secret = sys.argv[1], sys.argv[2], sys.argv[3]
        creds = Credentials(key, secret)
        wrong = Credentials("NOSUCHACCESSKEY00000", secret)
        results = []

        def send(name, signer, method, path, body=None, headers=None, presign=False):
            req = AWSRequest(method=method, url=base + path, data=body, headers=headers or {})
            signer.add_auth(req)
            prepared = req.prepare()
            hdrs = {} if presign else dict(prepared.headers)
            r = urllib.request.Request(prepared.url, data=None if presign else prepared.body, method=method, headers=hdrs)
            try:
                with urllib.request.urlopen(r) as resp:
                    results.append({"name": name, "status": resp.status, "body": resp.read().decode()})
            except urllib.error.HTTPError as e:
                results.append({"name": name, "status": e.code, "body": e.read().decode()})

        s3 = S3SigV4Auth(creds, "s3", "us-east-1")
        send("s3-put", s3, "PUT", "/bucket/dir/key%20with%20space%2B%E2%82%AC.txt", body=b"hello botocore", headers={"Content-Type": "text/plain", "x-amz-meta-color": "  blue   green "})
        send("s3-list", s3, "GET", "/bucket?list-type=2&prefix=dir%2Fkey&delimiter=%2F&max-keys=10")
        send("s3-other-region", S3SigV4Auth(creds, "s3", "eu-west-3"), "GET", "/bucket/x?tagging")
        send("s3-presigned-get", S3SigV4QueryAuth(creds, "s3", "us-east-1", expires=300), "GET", "/bucket/dir/a%20b.txt?versionId=3", presign=True)
        api = SigV4Auth(creds, "transporter", "us-east-1")
        send("api-post", api, "POST", "/transporter/migrations", body=json.dumps({"name": "m 1"}).encode(), headers={"Content-Type": "application/json"})
        send("api-get-encoded", api, "GET", "/transporter/migrations/a%20b/./c?root=example&x=%2F")
        send("sigv2-put", HmacV1Auth(creds), "PUT", "/bucket/v2%20key.txt?acl", body=b"v2 body", headers={"Content-Type": "text/plain", "x-amz-meta-a": "1"})
        send("sigv2-presigned", HmacV1QueryAuth(creds, expires=300), "GET", "/bucket/v2%20key.txt", presign=True)
        send("unknown-key", S3SigV4Auth(wrong, "s3", "us-east-1"), "GET", "/bucket/x")
        send("wrong-service", SigV4Auth(creds, "s3", "us-east-1"), "GET", "/transporter/migrations")
        print(json.dumps(results))
        """;

    [Fact]
    public async Task Botocore_signed_requests_are_accepted_and_bad_ones_refused()
    {
        await using var server = await AuthEchoServer.StartAsync();
        var scriptPath = Path.Combine(RepoPaths.NewTempDir("botocore"), "sign.py");
        await File.WriteAllTextAsync(scriptPath, Script);
        var run = await CommandLine.RunAsync("/usr/bin/python3", [scriptPath, server.Url, AuthEchoServer.AccessKey, AuthEchoServer.SecretKey],
            timeout: TimeSpan.FromMinutes(2));
        run.EnsureSuccess();
        var results = JsonDocument.Parse(run.StdOut).RootElement.EnumerateArray()
            .ToDictionary(r => r.GetProperty("name").GetString()!, r => (Status: r.GetProperty("status").GetInt32(), Body: r.GetProperty("body").GetString()!));
        var records = server.Records.ToArray();
        var log = string.Join("\n", records.Select(r => r.ToString()));

        foreach (var name in new[] { "s3-put", "s3-list", "s3-other-region", "s3-presigned-get", "api-post", "api-get-encoded", "sigv2-put", "sigv2-presigned" })
            Assert.True(results[name].Status == 200, $"{name}: {results[name].Status} {results[name].Body}\n{log}");
        Assert.Equal(403, results["unknown-key"].Status);
        Assert.Contains("<Code>InvalidAccessKeyId</Code>", results["unknown-key"].Body);
        Assert.Equal(400, results["wrong-service"].Status);
        Assert.Contains("<Code>AuthorizationHeaderMalformed</Code>", results["wrong-service"].Body);

        var put = records.Single(r => r.Method == "PUT" && r.SignatureKind == "AWS4-HMAC-SHA256");
        Assert.Equal(("echo", "root", true), (put.Caller!.Root, put.Caller.UserName, put.Caller.IsRoot));
        Assert.Equal(Sha256("hello botocore"), put.BodySha256);
        var post = records.Single(r => r.Method == "POST");
        Assert.Equal(("transporter", Sha256("{\"name\": \"m 1\"}")), (post.Service, post.BodySha256));
        var v2 = records.Single(r => r.SignatureKind == "AWS");
        Assert.Equal(Sha256("v2 body"), v2.BodySha256);
        Assert.Contains(records, r => r.SignatureKind == "AWS-QUERY");
        Assert.Contains(records, r => r.SignatureKind == "AWS4-HMAC-SHA256-QUERY");
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
