namespace Transporter.Testing;

/// <summary>
/// The Transporter executable (src/Transporter.Api) started as a real process on free loopback ports with its own
/// data dir and root key, exactly as an operator starts it. Kill it with SIGKILL or restart it on the same data.
/// </summary>
public sealed class PlatformProcess : IPlatformUnderTest, IAsyncDisposable
{
    private readonly DotnetChildProcess _process;
    private readonly string _roles;

    private PlatformProcess(Dictionary<string, string> env, string dataDir, string apiUrl, string s3Url, string accessKey, string secretKey)
    {
        _process = new DotnetChildProcess("platform", RepoPaths.ApiDll, env, dataDir);
        _roles = env["TRANSPORTER_ROLES"];
        DataDir = dataDir;
        ApiUrl = apiUrl;
        S3Url = s3Url;
        RootAccessKey = accessKey;
        RootSecretKey = secretKey;
    }

    public string DataDir { get; }
    public string ApiUrl { get; }
    public string S3Url { get; }
    public string RootAccessKey { get; }
    public string RootSecretKey { get; }

    /// <summary>Everything the process printed so far (stdout and stderr).</summary>
    public string Output => _process.Output;

    /// <summary>The running process's id; 0 when it is not running.</summary>
    public int Pid => _process.Pid;

    /// <param name="roles">TRANSPORTER_ROLES, e.g. "store" for a bare S3 endpoint.</param>
    /// <param name="extraEnv">More TRANSPORTER_* settings.</param>
    /// <param name="dataDir">Reuse a data dir (for restart tests); a fresh temp dir when null.</param>
    /// <param name="apiPort">The API's port, when the caller must know it beforehand (e.g. for TRANSPORTER_PUBLIC_URL);
    /// a free port when null.</param>
    public static async Task<PlatformProcess> StartAsync(
        string roles = "api,store,worker", IDictionary<string, string>? extraEnv = null, string? dataDir = null,
        string accessKey = "TESTROOTACCESSKEY001", string secretKey = "test-root-secret-key-0000000000000000001", int? apiPort = null)
    {
        dataDir ??= RepoPaths.NewTempDir("platform");
        var apiUrl = $"http://127.0.0.1:{apiPort ?? FreePort.Next()}";
        var s3Url = $"http://127.0.0.1:{FreePort.Next()}";
        var env = new Dictionary<string, string>
        {
            ["TRANSPORTER_DATA_DIR"] = dataDir,
            ["TRANSPORTER_API_URL"] = apiUrl,
            ["TRANSPORTER_S3_URL"] = s3Url,
            ["TRANSPORTER_ROLES"] = roles,
            ["TRANSPORTER_ROOT_ACCESS_KEY"] = accessKey,
            ["TRANSPORTER_ROOT_SECRET_KEY"] = secretKey,
            ["Logging__LogLevel__Default"] = "Information",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
        };
        if (extraEnv is not null) foreach (var (k, v) in extraEnv) env[k] = v;
        var platform = new PlatformProcess(env, dataDir, apiUrl, s3Url, accessKey, secretKey);
        await platform.StartProcessAsync();
        return platform;
    }

    /// <summary>Sets a bucket's request-rate limit (0: none) through the admin API of a process with the api and store
    /// roles started with TRANSPORTER_ADMIN_TOKEN = <paramref name="adminToken"/>.</summary>
    public async Task SetRequestRateLimitAsync(string adminToken, string bucket, int requestsPerSecond)
    {
        using var http = new HttpClient { BaseAddress = new Uri(ApiUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/admin/v1/buckets/{bucket}/request-rate-limit")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { requestsPerSecond }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", adminToken);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"PUT request-rate-limit: {(int)response.StatusCode} {body}");
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash.</summary>
    public Task KillAsync() => _process.KillAsync();

    /// <summary>Starts the process again on the same ports and data dir.</summary>
    public Task RestartAsync() => StartProcessAsync();

    /// <summary>Starts the process and waits for the /health of the API and the store, those of its roles it runs.</summary>
    private Task StartProcessAsync() =>
        _process.StartAsync(new[] { _roles.Contains("api") ? ApiUrl : null, _roles.Contains("store") ? S3Url : null }.OfType<string>());

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try { Directory.Delete(DataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
