using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Transporter.Testing;

namespace Transporter.Store.Tests.Peers;

/// <summary>A store with a second root ("other", another tenant) made through the admin API, for access control
/// across tenants: its key is in OTHER_ACCESS_KEY_ID / OTHER_SECRET_ACCESS_KEY of every peer's environment.</summary>
public sealed class TwoRootStoreFixture : StoreFixture
{
    public const string AdminToken = "admin-token-for-acl-tests-0123456789";

    public string OtherAccessKey { get; private set; } = "";
    public string OtherSecretKey { get; private set; } = "";

    protected override Task<PlatformProcess> StartPlatformAsync() =>
        PlatformProcess.StartAsync(roles: "api,store", extraEnv: new Dictionary<string, string> { ["TRANSPORTER_ADMIN_TOKEN"] = AdminToken });

    protected override async Task PreparedAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(Platform.ApiUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        var created = await http.PostAsJsonAsync("/admin/v1/roots", new { name = "other", rootUser = "admin@other.example" });
        created.EnsureSuccessStatusCode();
        var key = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessKey");
        OtherAccessKey = key.GetProperty("accessKeyId").GetString()!;
        OtherSecretKey = key.GetProperty("secretAccessKey").GetString()!;
    }

    public override Dictionary<string, string> PeerEnvironment()
    {
        var env = base.PeerEnvironment();
        env["OTHER_ACCESS_KEY_ID"] = OtherAccessKey;
        env["OTHER_SECRET_ACCESS_KEY"] = OtherSecretKey;
        return env;
    }
}
