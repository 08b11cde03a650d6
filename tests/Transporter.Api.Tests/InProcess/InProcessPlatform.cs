using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Transporter.Testing;

namespace Transporter.Api.Tests.InProcess;

/// <summary>
/// The embedded platform (API, store and workers, SQLite, in-memory broker) hosted in the test process by
/// <see cref="WebApplicationFactory{TEntryPoint}"/> on Kestrel, on free loopback ports: the same Program as the
/// executable, with no process to start. Settings arrive as the executable's would (command-line configuration).
/// </summary>
public sealed class InProcessPlatform : WebApplicationFactory<Program>, IPlatformUnderTest
{
    private const string InProcessRootAccessKey = "INPROCROOTACCESSKEY1";
    private const string InProcessRootSecretKey = "in-process-root-secret-key-000000000001";

    private readonly IReadOnlyDictionary<string, string> _settings;

    public InProcessPlatform(IReadOnlyDictionary<string, string>? settings = null)
    {
        // What the executable's runtimeconfig sets (ThreadPoolMinThreads): the store's fsyncs hold pool threads.
        ThreadPool.GetMinThreads(out var workers, out var completion);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), completion);
        DataDir = RepoPaths.NewTempDir("in-process");
        ApiUrl = $"http://127.0.0.1:{FreePort.Next()}";
        S3Url = $"http://127.0.0.1:{FreePort.Next()}";
        _settings = settings ?? new Dictionary<string, string>();
        UseKestrel();
    }

    public string DataDir { get; }
    public string ApiUrl { get; }
    public string S3Url { get; }
    public string RootAccessKey => InProcessRootAccessKey;
    public string RootSecretKey => InProcessRootSecretKey;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // As the executable runs (the factory's default, Development, also validates DI scopes; see the lead's notes).
        builder.UseEnvironment("Production");
        builder.UseSetting("Transporter:DataDir", DataDir);
        builder.UseSetting("Transporter:ApiUrl", ApiUrl);
        builder.UseSetting("Transporter:S3Url", S3Url);
        builder.UseSetting("Transporter:RootAccessKey", RootAccessKey);
        builder.UseSetting("Transporter:RootSecretKey", RootSecretKey);
        foreach (var (key, value) in _settings) builder.UseSetting($"Transporter:{key}", value);
        // The platform's log would flood the test output; failures show through the API's answers.
        builder.ConfigureLogging(logging => logging.ClearProviders());
    }

    /// <summary>Starts the platform; it answers on <see cref="ApiUrl"/> and <see cref="S3Url"/> once this returns.</summary>
    public IPlatformUnderTest Start()
    {
        StartServer();
        return this;
    }
}
