using Transporter.Testing;

namespace Transporter.Store.Tests.Peers;

/// <summary>s3cmd with a config file for the store: SigV4 (or SigV2), plain HTTP, path-style bucket host.</summary>
public sealed class S3cmd(StoreFixture store)
{
    public async Task<CommandResult> RunAsync(bool signatureV2, params string[] args)
    {
        var config = Path.Combine(RepoPaths.NewTempDir("s3cmd"), "s3cfg");
        var host = $"127.0.0.1:{store.Port}";
        await File.WriteAllTextAsync(config, $"""
            [default]
            access_key = {store.Platform.RootAccessKey}
            secret_key = {store.Platform.RootSecretKey}
            host_base = {host}
            host_bucket = {host}
            use_https = False
            signature_v2 = {(signatureV2 ? "True" : "False")}
            bucket_location = us-east-1
            check_ssl_certificate = False
            """);
        return await CommandLine.RunAsync("s3cmd", ["-c", config, .. args], store.PeerEnvironment(), timeout: TimeSpan.FromMinutes(3));
    }

    public Task<CommandResult> RunAsync(params string[] args) => RunAsync(false, args);
}
