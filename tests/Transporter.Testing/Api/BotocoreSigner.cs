using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace Transporter.Testing.Api;

/// <summary>
/// Signs Transporter API requests with botocore (the signer of boto3 and the AWS CLI), not with the project's own code:
/// SigV4 with service "transporter" (botocore.auth.SigV4Auth, region us-east-1) or SigV2 (HmacV1Auth). ONE long-running
/// /usr/bin/python3 process per test run signs requests sent as JSON lines over stdin/stdout, so signing costs
/// milliseconds.
/// </summary>
public sealed class BotocoreSigner : IDisposable
{
    private const string Script = """
        import base64, json, sys
        from botocore.auth import SigV4Auth, HmacV1Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials

        for line in sys.stdin:
            try:
                req = json.loads(line)
                creds = Credentials(req["accessKey"], req["secretKey"])
                request = AWSRequest(method=req["method"], url=req["url"], data=base64.b64decode(req["body"]), headers=req["headers"])
                if req["version"] == "v2":
                    HmacV1Auth(creds).add_auth(request)
                else:
                    SigV4Auth(creds, "transporter", req["region"]).add_auth(request)
                answer = {"headers": {k: v for k, v in request.headers.items()}}
            except Exception as e:
                answer = {"error": repr(e)}
            sys.stdout.write(json.dumps(answer) + "\n")
            sys.stdout.flush()
        """;

    private static readonly Lazy<BotocoreSigner> SharedSigner = new(() => new BotocoreSigner());

    private readonly Process _process;
    private readonly SemaphoreSlim _turn = new(1, 1);

    private BotocoreSigner()
    {
        var info = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add("-u");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Script);
        _process = Process.Start(info) ?? throw new InvalidOperationException("cannot start /usr/bin/python3");
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
    }

    /// <summary>The signer process shared by every test of this test run.</summary>
    public static BotocoreSigner Shared => SharedSigner.Value;

    /// <summary>The headers to send (X-Amz-Date, Authorization or Date for SigV2, and the given ones) for the request.</summary>
    public async Task<IReadOnlyDictionary<string, string>> SignAsync(HttpMethod method, Uri url, byte[] body, IReadOnlyDictionary<string, string> headers,
        string accessKey, string secretKey, SignatureVersion version = SignatureVersion.V4, string region = "us-east-1")
    {
        var request = new JsonObject
        {
            ["method"] = method.Method,
            ["url"] = url.AbsoluteUri,
            ["body"] = Convert.ToBase64String(body),
            ["headers"] = new JsonObject(headers.Select(h => KeyValuePair.Create(h.Key, (JsonNode?)h.Value))),
            ["accessKey"] = accessKey,
            ["secretKey"] = secretKey,
            ["version"] = version == SignatureVersion.V2 ? "v2" : "v4",
            ["region"] = region,
        };
        string? line;
        await _turn.WaitAsync();
        try
        {
            await _process.StandardInput.WriteLineAsync(request.ToJsonString());
            await _process.StandardInput.FlushAsync();
            line = await _process.StandardOutput.ReadLineAsync();
        }
        finally
        {
            _turn.Release();
        }
        if (line is null) throw new InvalidOperationException("the botocore signer exited");
        var answer = JsonNode.Parse(line)!.AsObject();
        if (answer["error"] is { } error) throw new InvalidOperationException("botocore could not sign: " + error);
        return answer["headers"]!.AsObject().ToDictionary(h => h.Key, h => h.Value!.GetValue<string>());
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill();
        }
        catch (InvalidOperationException)
        {
        }
    }
}

public enum SignatureVersion
{
    V4,
    V2,
}
