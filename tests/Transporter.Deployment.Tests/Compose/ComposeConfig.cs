using System.Text.Json;
using Transporter.Testing;

namespace Transporter.Deployment.Tests.Compose;

/// <summary>Runs `docker-compose config` on the repository's docker-compose.yml; it validates without a Docker engine.</summary>
internal static class ComposeConfig
{
    public static string ComposeFile => Path.Combine(RepoPaths.Root, "docker-compose.yml");

    public static string ExampleEnvFile => Path.Combine(RepoPaths.Root, ".env.example");

    private static readonly Lazy<Task<JsonElement>> Resolved = new(() => ResolveAsync(ExampleEnvFile));

    /// <summary>The configuration resolved with .env.example, parsed once for all tests.</summary>
    public static Task<JsonElement> WithExampleEnvAsync() => Resolved.Value;

    public static async Task<CommandResult> RunConfigAsync(string envFile)
    {
        // Variables of the calling environment would win over the env file: run without the ones it sets.
        var args = new List<string>();
        foreach (var name in EnvFile.Read(envFile).Keys) args.AddRange(["-u", name]);
        args.AddRange(["docker-compose", "--project-directory", RepoPaths.Root, "--env-file", envFile, "-f", ComposeFile, "config"]);
        return await CommandLine.RunAsync("/usr/bin/env", args, workingDirectory: RepoPaths.Root, timeout: TimeSpan.FromMinutes(2));
    }

    private static async Task<JsonElement> ResolveAsync(string envFile)
    {
        var result = await RunConfigAsync(envFile);
        Assert.True(result.ExitCode == 0, $"docker-compose config failed: {result.StdErr}");
        return await Yaml.ParseAsync(result.StdOut);
    }
}
