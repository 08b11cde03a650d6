using Transporter.Testing;

namespace Transporter.ScaleOut.Tests.Infrastructure;

/// <summary>Runs server commands as the account Debian's packages run the server as (postgres, rabbitmq): through
/// runuser when the tests run as root, as the current user otherwise.</summary>
public static class ServiceAccount
{
    public static bool IsRoot { get; } = Environment.UserName == "root";

    public static async Task<CommandResult> RunAsync(string user, string file, IEnumerable<string> args, IDictionary<string, string>? env = null,
        TimeSpan? timeout = null)
    {
        var result = IsRoot
            ? await CommandLine.RunAsync("runuser", ["-u", user, "--", file, .. args], env, timeout: timeout)
            : await CommandLine.RunAsync(file, args, env, timeout: timeout);
        return result;
    }

    /// <summary>Makes <paramref name="user"/> own <paramref name="directory"/> (the server writes there).</summary>
    public static async Task GiveAsync(string directory, string user)
    {
        if (IsRoot) (await CommandLine.RunAsync("chown", ["-R", $"{user}:{user}", directory])).EnsureSuccess();
    }
}
