using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Transporter.Testing.Api;

/// <summary>
/// A client of the Transporter API whose requests are signed by botocore (<see cref="BotocoreSigner"/>) with an access
/// key of the platform, as a boto3 or AWS CLI user would sign them. <see cref="SendUnsignedAsync"/> sends without.
/// </summary>
public sealed class TransporterApiClient(string baseUrl, string accessKey, string secretKey, SignatureVersion version = SignatureVersion.V4)
    : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(100) };

    public string AccessKey { get; } = accessKey;

    public static TransporterApiClient For(IPlatformUnderTest platform) => new(platform.ApiUrl, platform.RootAccessKey, platform.RootSecretKey);

    /// <param name="headers">More request headers, signed with the rest (e.g. X-Lyve-Service).</param>
    public Task<ApiResponse> GetAsync(string pathAndQuery, IReadOnlyDictionary<string, string>? headers = null) =>
        SendAsync(HttpMethod.Get, pathAndQuery, null, headers);

    /// <summary>POSTs <paramref name="body"/> serialized as JSON (a string is sent as is; null sends no body).</summary>
    /// <param name="headers">More request headers, signed with the rest (e.g. X-Lyve-Service).</param>
    public Task<ApiResponse> PostAsync(string pathAndQuery, object? body = null, IReadOnlyDictionary<string, string>? headers = null) =>
        SendAsync(HttpMethod.Post, pathAndQuery, body switch
        {
            null => null,
            string text => Encoding.UTF8.GetBytes(text),
            byte[] bytes => bytes,
            _ => JsonSerializer.SerializeToUtf8Bytes(body),
        }, headers);

    public async Task<ApiResponse> SendAsync(HttpMethod method, string pathAndQuery, byte[]? body, IReadOnlyDictionary<string, string>? extraHeaders = null)
    {
        var url = new Uri(new Uri(baseUrl), pathAndQuery);
        var headers = new Dictionary<string, string>(extraHeaders ?? new Dictionary<string, string>());
        if (body is not null) headers["Content-Type"] = "application/json";
        var signed = await BotocoreSigner.Shared.SignAsync(method, url, body ?? [], headers, AccessKey, secretKey, version);
        using var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = new ByteArrayContent(body);
        foreach (var (name, value) in signed)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) request.Content!.Headers.ContentType = MediaTypeHeaderValue.Parse(value);
            else request.Headers.TryAddWithoutValidation(name, value);
        }
        return await ReadAsync(await _http.SendAsync(request));
    }

    /// <summary>Sends without any signature (for refusal tests).</summary>
    public async Task<ApiResponse> SendUnsignedAsync(HttpMethod method, string pathAndQuery, string? json = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(new Uri(baseUrl), pathAndQuery));
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return await ReadAsync(await _http.SendAsync(request));
    }

    private static async Task<ApiResponse> ReadAsync(HttpResponseMessage response)
    {
        using (response)
            return new ApiResponse(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.ToString());
    }

    public void Dispose() => _http.Dispose();
}
