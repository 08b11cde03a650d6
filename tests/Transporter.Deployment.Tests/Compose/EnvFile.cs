namespace Transporter.Deployment.Tests.Compose;

/// <summary>A docker-compose env file: NAME=value lines, # comments.</summary>
internal static class EnvFile
{
    public static Dictionary<string, string> Read(string path) =>
        File.ReadAllLines(path)
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('=', 2))
            .ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : "");

    /// <summary>Names of settings that hold a secret.</summary>
    public static bool IsSecretName(string name) =>
        name.EndsWith("PASSWORD", StringComparison.Ordinal) || name.EndsWith("_PASS", StringComparison.Ordinal)
        || name.Contains("SECRET", StringComparison.Ordinal) || name.EndsWith("_TOKEN", StringComparison.Ordinal)
        || name.EndsWith("MASTER_KEY", StringComparison.Ordinal) || name.EndsWith("ACCESS_KEY", StringComparison.Ordinal);
}
