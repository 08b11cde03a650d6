using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Transporter.Testing;

namespace Transporter.Store.Tests.Admin;

/// <summary>One platform process with the Garage-style admin listener (admin and metrics tokens set) and the website
/// listener on, shared by a
/// test class; <see cref="Admin"/> sends the admin token, <see cref="Anonymous"/> nothing.</summary>
public sealed class GarageAdminPlatform : IAsyncLifetime
{
    public const string AdminToken = "garage-admin-token-for-tests-0123";
    public const string MetricsToken = "garage-metrics-token-for-tests-01";

    public PlatformProcess Platform { get; private set; } = null!;
    public string AdminUrl { get; } = $"http://127.0.0.1:{FreePort.Next()}";
    public string WebUrl { get; } = $"http://127.0.0.1:{FreePort.Next()}";
    public HttpClient Admin { get; private set; } = null!;
    public HttpClient Anonymous { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Platform = await PlatformProcess.StartAsync(extraEnv: new Dictionary<string, string>
        {
            ["TRANSPORTER_ADMIN_TOKEN"] = AdminToken,
            ["TRANSPORTER_METRICS_TOKEN"] = MetricsToken,
            ["TRANSPORTER_ADMIN_URL"] = AdminUrl,
            ["TRANSPORTER_WEB_URL"] = WebUrl,
        });
        Admin = new HttpClient { BaseAddress = new Uri(AdminUrl) };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        Anonymous = new HttpClient { BaseAddress = new Uri(AdminUrl) };
    }

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        Anonymous.Dispose();
        await Platform.DisposeAsync();
    }

    /// <summary>Sends a JSON body (or none) with the admin token; the answer's status and JSON body.</summary>
    public async Task<(System.Net.HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await Admin.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}
