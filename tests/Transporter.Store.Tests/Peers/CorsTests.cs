using System.Text.Json;
using Transporter.Testing;

namespace Transporter.Store.Tests.Peers;

/// <summary>Bucket CORS with boto3 and the AWS CLI (Put/Get/DeleteBucketCors and their refusals), preflight OPTIONS
/// requests as a browser sends them (curl, unsigned), and Access-Control-* headers on actual requests.</summary>
[Collection(StoreCollection.Name)]
public class CorsTests(StoreFixture store)
{
    private readonly Boto3 _boto3 = new(store);
    private readonly AwsCli _aws = new(store);

    [Fact]
    public async Task Cors_configuration_answers_preflights_and_actual_requests()
    {
        var bucket = StoreFixture.NewBucketName("cors");
        var r = await _boto3.JsonAsync("""
            b = sys.argv[1]
            s3.create_bucket(Bucket=b)
            s3.put_object(Bucket=b, Key='page.txt', Body=b'hello')
            results = {'missing': error(lambda: s3.get_bucket_cors(Bucket=b))}
            s3.put_bucket_cors(Bucket=b, CORSConfiguration={'CORSRules': [
                {'ID': 'app', 'AllowedOrigins': ['https://app.example.com', 'https://*.example.org'], 'AllowedMethods': ['PUT', 'GET'],
                 'AllowedHeaders': ['content-type', 'x-amz-*'], 'ExposeHeaders': ['ETag', 'x-amz-request-id'], 'MaxAgeSeconds': 600},
                {'AllowedOrigins': ['*'], 'AllowedMethods': ['GET', 'HEAD']}]})
            results['rules'] = s3.get_bucket_cors(Bucket=b)['CORSRules']
            results['badMethod'] = error(lambda: s3.put_bucket_cors(Bucket=b, CORSConfiguration={'CORSRules': [{'AllowedOrigins': ['*'], 'AllowedMethods': ['PATCH']}]}))
            results['twoWildcards'] = error(lambda: s3.put_bucket_cors(Bucket=b, CORSConfiguration={'CORSRules': [{'AllowedOrigins': ['https://*.*.com'], 'AllowedMethods': ['GET']}]}))
            noMd5 = raw('PUT', '/' + b, b'<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>', query='cors')
            results['noMd5'] = [noMd5.status_code, code(noMd5)]
            get = raw('GET', '/%s/page.txt' % b, headers={'Origin': 'https://app.example.com'})
            results['actual'] = [get.status_code, get.headers.get('Access-Control-Allow-Origin'), get.headers.get('Access-Control-Expose-Headers'),
                                 get.headers.get('Access-Control-Allow-Credentials')]
            anyOrigin = raw('GET', '/%s/page.txt' % b, headers={'Origin': 'https://elsewhere.net'})
            results['anyOrigin'] = anyOrigin.headers.get('Access-Control-Allow-Origin')
            errored = raw('GET', '/%s/missing' % b, headers={'Origin': 'https://app.example.com'})
            results['onError'] = [errored.status_code, errored.headers.get('Access-Control-Allow-Origin')]
            results['noOrigin'] = 'Access-Control-Allow-Origin' in raw('GET', '/%s/page.txt' % b).headers
            out(results)
            """, bucket);

        Assert.Equal("NoSuchCORSConfiguration", r.GetProperty("missing").GetString());
        var rules = r.GetProperty("rules");
        Assert.Equal(2, rules.GetArrayLength());
        Assert.Equal("app", rules[0].GetProperty("ID").GetString());
        Assert.Equal(600, rules[0].GetProperty("MaxAgeSeconds").GetInt32());
        Assert.Equal("InvalidRequest", r.GetProperty("badMethod").GetString());
        Assert.Equal("InvalidRequest", r.GetProperty("twoWildcards").GetString());
        Assert.Equal("[400,\"InvalidRequest\"]", JsonSerializer.Serialize(r.GetProperty("noMd5")));
        Assert.Equal("[200,\"https://app.example.com\",\"ETag, x-amz-request-id\",\"true\"]", JsonSerializer.Serialize(r.GetProperty("actual")));
        Assert.Equal("*", r.GetProperty("anyOrigin").GetString());
        Assert.Equal("[404,\"https://app.example.com\"]", JsonSerializer.Serialize(r.GetProperty("onError")));
        Assert.False(r.GetProperty("noOrigin").GetBoolean());

        var allowed = await Preflight($"/{bucket}/upload.bin", "https://shop.example.org", "PUT", "Content-Type, X-Amz-Date");
        Assert.Equal(200, allowed.Status);
        Assert.Equal("https://shop.example.org", allowed.Header("Access-Control-Allow-Origin"));
        Assert.Equal("PUT, GET", allowed.Header("Access-Control-Allow-Methods"));
        Assert.Equal("content-type, x-amz-date", allowed.Header("Access-Control-Allow-Headers"));
        Assert.Equal("600", allowed.Header("Access-Control-Max-Age"));

        var wrongHeader = await Preflight($"/{bucket}/upload.bin", "https://app.example.com", "PUT", "Authorization-X");
        Assert.Equal((403, "AccessForbidden"), (wrongHeader.Status, wrongHeader.Code));
        var wrongMethod = await Preflight($"/{bucket}", "https://elsewhere.net", "DELETE", null);
        Assert.Equal((403, "AccessForbidden"), (wrongMethod.Status, wrongMethod.Code));
        var noOrigin = await Preflight($"/{bucket}", null, "GET", null);
        Assert.Equal((400, "BadRequest"), (noOrigin.Status, noOrigin.Code));

        await _aws.ApiAsync("delete-bucket-cors", "--bucket", bucket);
        var deleted = await _aws.RunAsync("s3api", "get-bucket-cors", "--bucket", bucket);
        Assert.Contains("NoSuchCORSConfiguration", deleted.StdErr);
        var disabled = await Preflight($"/{bucket}/page.txt", "https://app.example.com", "GET", null);
        Assert.Equal((403, "AccessForbidden"), (disabled.Status, disabled.Code));
    }

    private sealed record PreflightAnswer(int Status, string? Code, Dictionary<string, string> Headers)
    {
        public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var v) ? v : null;
    }

    private async Task<PreflightAnswer> Preflight(string path, string? origin, string method, string? headers)
    {
        List<string> args = ["-s", "-i", "-X", "OPTIONS", "-H", $"Access-Control-Request-Method: {method}"];
        if (origin is not null) args.AddRange(["-H", $"Origin: {origin}"]);
        if (headers is not null) args.AddRange(["-H", $"Access-Control-Request-Headers: {headers}"]);
        var result = (await CommandLine.RunAsync("curl", [.. args, store.Endpoint + path])).EnsureSuccess();
        var lines = result.StdOut.Replace("\r", "").Split('\n');
        var status = int.Parse(lines[0].Split(' ')[1]);
        var map = new Dictionary<string, string>();
        foreach (var line in lines.Skip(1).TakeWhile(l => l.Length > 0))
        {
            var colon = line.IndexOf(':');
            map[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
        }
        var code = System.Text.RegularExpressions.Regex.Match(result.StdOut, "<Code>([^<]*)</Code>");
        return new PreflightAnswer(status, code.Success ? code.Groups[1].Value : null, map);
    }
}
