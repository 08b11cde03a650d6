using System.Diagnostics;
using System.Text;

namespace Transporter.Testing;

/// <summary>
/// The Transporter executable (src/Transporter.Api) started as a real process on free loopback ports with its own
/// data dir and root key, exactly as an operator starts it. Kill it with SIGKILL or restart it on the same data.
/// </summary>
public sealed class PlatformProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private readonly Dictionary<string, string> _env;
    private Process? _process;

    private PlatformProcess(Dictionary<string, string> env, string dataDir, string apiUrl, string s3Url, string accessKey, string secretKey)
    {
        _env = env;
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
    public string Output { get { lock (_output) return _output.ToString(); } }

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

    /// <summary>SIGKILL: no shutdown code runs, as in a crash.</summary>
    public async Task KillAsync()
    {
        if (_process is null) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    /// <summary>Starts the process again on the same ports and data dir.</summary>
    public Task RestartAsync() => StartProcessAsync();

    private async Task StartProcessAsync()
    {
        if (!File.Exists(RepoPaths.ApiDll)) throw new FileNotFoundException("Build the solution first", RepoPaths.ApiDll);
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = DataDir,
        };
        info.ArgumentList.Add(RepoPaths.ApiDll);
        foreach (var (k, v) in _env) info.Environment[k] = v;
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var roles = _env["TRANSPORTER_ROLES"];
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        foreach (var url in new[] { roles.Contains("api") ? ApiUrl : null, roles.Contains("store") ? S3Url : null })
        {
            if (url is null) continue;
            while (true)
            {
                if (_process.HasExited) throw new InvalidOperationException($"platform exited with {_process.ExitCode}:\n{Output}");
                try
                {
                    using var response = await http.GetAsync(url + "/health");
                    if (response.IsSuccessStatusCode) break;
                }
                catch (HttpRequestException) { }
                catch (TaskCanceledException) { }
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"{url}/health not ready in 60 s:\n{Output}");
                await Task.Delay(100);
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null && !_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        try { Directory.Delete(DataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
