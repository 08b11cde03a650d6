using Transporter.Testing;

namespace Transporter.Store.Tests.Peers;

/// <summary>rclone with a remote named "store" configured through the environment (provider Other, path style).</summary>
public sealed class Rclone(StoreFixture store)
{
    public Task<CommandResult> RunAsync(params string[] args)
    {
        var env = store.PeerEnvironment();
        env["RCLONE_CONFIG"] = "/dev/null";
        env["RCLONE_CONFIG_STORE_TYPE"] = "s3";
        env["RCLONE_CONFIG_STORE_PROVIDER"] = "Other";
        env["RCLONE_CONFIG_STORE_ACCESS_KEY_ID"] = store.Platform.RootAccessKey;
        env["RCLONE_CONFIG_STORE_SECRET_ACCESS_KEY"] = store.Platform.RootSecretKey;
        env["RCLONE_CONFIG_STORE_ENDPOINT"] = store.Endpoint;
        env["RCLONE_CONFIG_STORE_REGION"] = "us-east-1";
        env["RCLONE_CONFIG_STORE_FORCE_PATH_STYLE"] = "true";
        return CommandLine.RunAsync("rclone", args, env, timeout: TimeSpan.FromMinutes(3));
    }
}
