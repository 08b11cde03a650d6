using System.Text.Json;
using Transporter.Testing;

namespace Transporter.Store.Tests.Peers;

/// <summary>Debian's AWS CLI (/usr/bin/aws, v2) pointed at the store, path-style, without progress output.</summary>
public sealed class AwsCli(StoreFixture store)
{
    public const string Executable = "/usr/bin/aws";

    public async Task<CommandResult> RunAsync(params string[] args)
    {
        var config = Path.Combine(RepoPaths.NewTempDir("awscfg"), "config");
        await File.WriteAllTextAsync(config, "[default]\nregion = us-east-1\ns3 =\n  addressing_style = path\n");
        var env = store.PeerEnvironment();
        env["AWS_CONFIG_FILE"] = config;
        env["AWS_SHARED_CREDENTIALS_FILE"] = config + ".none";
        env["AWS_PAGER"] = "";
        return await CommandLine.RunAsync(Executable, ["--endpoint-url", store.Endpoint, .. args], env, timeout: TimeSpan.FromMinutes(3));
    }

    /// <summary>Runs an s3api command that must succeed and parses its JSON output.</summary>
    public async Task<JsonElement> ApiAsync(params string[] args)
    {
        var result = (await RunAsync(["s3api", .. args, "--output", "json"])).EnsureSuccess();
        return string.IsNullOrWhiteSpace(result.StdOut) ? default : JsonDocument.Parse(result.StdOut).RootElement.Clone();
    }
}
