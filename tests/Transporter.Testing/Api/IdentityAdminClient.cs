using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Transporter.Testing.Api;

/// <summary>The identity admin API of a platform started with TRANSPORTER_ADMIN_TOKEN: creates roots (tenants), users
/// and access keys for tests that need more than the first root.</summary>
public sealed class IdentityAdminClient(string apiUrl, string adminToken) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(apiUrl) };

    /// <summary>Creates a root whose root user signs with the given key.</summary>
    public Task CreateRootAsync(string name, string accessKey, string secretKey) =>
        PostAsync("/admin/v1/roots", new { name, accessKeyId = accessKey, secretAccessKey = secretKey });

    /// <summary>Creates a user (not the root user) of <paramref name="root"/> with the given key.</summary>
    public async Task CreateUserAsync(string root, string userName, string accessKey, string secretKey)
    {
        await PostAsync($"/admin/v1/roots/{root}/users", new { userName });
        await PostAsync($"/admin/v1/roots/{root}/users/{Uri.EscapeDataString(userName)}/keys", new { accessKeyId = accessKey, secretAccessKey = secretKey });
    }

    /// <summary>Adds (or imports) an access key for an existing user.</summary>
    public Task CreateUserKeyAsync(string root, string userName, string accessKey, string secretKey) =>
        PostAsync($"/admin/v1/roots/{root}/users/{Uri.EscapeDataString(userName)}/keys", new { accessKeyId = accessKey, secretAccessKey = secretKey });

    /// <summary>Creates a managed policy of <paramref name="root"/> holding <paramref name="document"/> and attaches it to the user.</summary>
    public Task AttachPolicyAsync(string root, string userName, string policyName, string document) =>
        PostAsync($"/admin/v1/roots/{root}/users/{Uri.EscapeDataString(userName)}/policies", new { policyName, policyDocument = document });

    /// <summary>Lets a user call every Transporter API action (transporter:*), as the tests of users written before
    /// policies applied to the API expect.</summary>
    public Task AllowTransporterAsync(string root, string userName) =>
        AttachPolicyAsync(root, userName, "TransporterFullAccess",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"transporter:*","Resource":"*"}]}""");

    /// <summary>Deletes an access key: requests signed with it are refused from then on.</summary>
    public async Task DeleteAccessKeyAsync(string root, string userName, string accessKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/admin/v1/roots/{root}/users/{Uri.EscapeDataString(userName)}/keys/{accessKey}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        using var response = await _http.SendAsync(request);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"admin DELETE failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private async Task PostAsync(string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        using var response = await _http.SendAsync(request);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"admin POST {path} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public void Dispose() => _http.Dispose();
}
