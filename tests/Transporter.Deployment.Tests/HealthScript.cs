using Transporter.Testing;

namespace Transporter.Deployment.Tests;

/// <summary>Runs deploy/http-health.sh, the health check of both images, as the container runtime would.</summary>
internal static class HealthScript
{
    public static Task<CommandResult> RunAsync(string roles, string? apiUrl = null, string? s3Url = null, string? workerUrl = null)
    {
        var env = new Dictionary<string, string> { ["TRANSPORTER_ROLES"] = roles };
        if (apiUrl is not null) env["TRANSPORTER_API_URL"] = apiUrl;
        if (s3Url is not null) env["TRANSPORTER_S3_URL"] = s3Url;
        if (workerUrl is not null) env["TRANSPORTER_WORKER_HEALTH_URL"] = workerUrl;
        return CommandLine.RunAsync("bash", [Path.Combine(RepoPaths.Root, "deploy", "http-health.sh")], env, timeout: TimeSpan.FromSeconds(30));
    }
}
