using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Transporter.Core.Persistence;
using Transporter.Core.Security;
using Transporter.Identity.Accounts;
using Transporter.Testing;

namespace Transporter.Identity.Tests.Accounts;

/// <summary>The start-up bootstrap of the first root, on the real platform process.</summary>
public class IdentityBootstrapTests
{
    private const string Token = "bootstrap-admin-token-000000000001";

    [Fact]
    public async Task Without_root_key_settings_a_key_is_generated_and_printed_only_on_the_first_start()
    {
        await using var platform = await PlatformProcess.StartAsync(accessKey: "", secretKey: "",
            extraEnv: new Dictionary<string, string> { ["TRANSPORTER_ADMIN_TOKEN"] = Token, ["TRANSPORTER_ROOT_NAME"] = "firstco" });
        var printed = Regex.Match(platform.Output, @"access key: ([A-Z0-9]{20})\s+secret key: ([A-Za-z0-9]{40})");
        Assert.True(printed.Success, platform.Output);
        Assert.Contains(platform.S3Url, platform.Output);

        using var http = new HttpClient { BaseAddress = new Uri(platform.ApiUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        var key = await http.GetFromJsonAsync<JsonElement>($"/admin/v1/keys/{printed.Groups[1].Value}");
        Assert.Equal(("firstco", "root"), (key.GetProperty("root").GetString(), key.GetProperty("userName").GetString()));

        await platform.KillAsync();
        await platform.RestartAsync();
        Assert.Single(Regex.Matches(platform.Output, "secret key:"));
        Assert.Single(await http.GetFromJsonAsync<JsonElement[]>("/admin/v1/roots") ?? []);
    }

    [Fact]
    public async Task Configured_root_key_is_owned_by_the_root_user_and_follows_a_changed_secret()
    {
        var dataDir = RepoPaths.NewTempDir("bootstrap");
        var env = new Dictionary<string, string> { ["TRANSPORTER_ADMIN_TOKEN"] = Token };
        var first = await PlatformProcess.StartAsync(extraEnv: env, dataDir: dataDir, secretKey: "first-secret-value-0001");
        Assert.DoesNotContain("secret key:", first.Output);
        Assert.DoesNotContain("first-secret-value-0001", first.Output);
        await first.KillAsync();

        await using var second = await PlatformProcess.StartAsync(extraEnv: env, dataDir: dataDir, secretKey: "second-secret-value-0002");
        using var http = new HttpClient { BaseAddress = new Uri(second.ApiUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        var key = await http.GetFromJsonAsync<JsonElement>($"/admin/v1/keys/{second.RootAccessKey}");
        Assert.Equal(("default", "root"), (key.GetProperty("root").GetString(), key.GetProperty("userName").GetString()));
        Assert.Single(await http.GetFromJsonAsync<JsonElement[]>("/admin/v1/roots") ?? []);

        // Read back what the platform stored, with its own master key: the secret now is the second one.
        var keys = new AccessKeyStore(new IdentityDatabase(Database.Sqlite(Path.Combine(dataDir, "transporter.db")),
            SecretProtector.FromKeyOrFile(null, Path.Combine(dataDir, "keys", "master.key")), TimeProvider.System));
        Assert.Equal("second-secret-value-0002", (await keys.LoadCredentialAsync(second.RootAccessKey))!.SecretKey);
    }
}
