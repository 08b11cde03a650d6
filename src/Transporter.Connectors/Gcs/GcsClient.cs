using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Responses;
using Microsoft.Extensions.Logging;
using Polly;
using Transporter.Core.Storage;

namespace Transporter.Connectors.Gcs;

/// <summary>
/// A compact Google Cloud Storage JSON API client over HttpClient, authorized with OAuth2 tokens of a service
/// account (Google.Apis.Auth). Google.Cloud.Storage.V1 does not restore here; the operations mirror its names.
/// Errors come out as <see cref="ObjectStoreException"/>; transient ones are retried through
/// <see cref="TransientRetry"/> first.
/// </summary>
internal sealed partial class GcsClient
{
    public const string DefaultRoot = "https://storage.googleapis.com";

    private static readonly TimeSpan MetadataRequestTimeout = TimeSpan.FromSeconds(100);
    internal static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    private readonly HttpClient _http;
    private readonly ServiceAccountCredential _credential;
    private readonly ResiliencePipeline _retry;
    private readonly ILogger _log;

    public GcsClient(HttpClient http, Uri? endpoint, ServiceAccountCredential credential, string? projectId, ResiliencePipeline retry, ILogger log)
    {
        _http = http;
        _credential = credential;
        _retry = retry;
        _log = log;
        ProjectId = projectId;
        Root = RootOf(endpoint);
    }

    /// <summary>Scheme, host and any path prefix before /storage/v1 (https://storage.googleapis.com).</summary>
    public string Root { get; }

    public string? ProjectId { get; }

    public string ClientEmail => _credential.Id;

    public string JsonApi => Root + "/storage/v1";

    public string UploadApi => Root + "/upload/storage/v1";

    public string DownloadApi => Root + "/download/storage/v1";

    /// <summary>The spec's endpoint is https://storage.googleapis.com/storage/v1/; the bare host works too.</summary>
    internal static string RootOf(Uri? endpoint)
    {
        if (endpoint is null) return DefaultRoot;
        var path = endpoint.AbsolutePath.TrimEnd('/');
        if (path.EndsWith("/storage/v1", StringComparison.OrdinalIgnoreCase)) path = path[..^"/storage/v1".Length];
        return endpoint.GetLeftPart(UriPartial.Authority) + path;
    }

    /// <summary>An object name as one path segment ('/' too is escaped, as the JSON API requires).</summary>
    internal static string EscapeName(string name) => Uri.EscapeDataString(name);

    public string ObjectUrl(string bucket, string name) => $"{JsonApi}/b/{EscapeName(bucket)}/o/{EscapeName(name)}";

    /// <summary>
    /// Sends one operation with a bearer token. <paramref name="build"/> makes a fresh request per attempt. A 401
    /// gets one forced token refresh and resend (a token may be revoked before its expiry); other failures become
    /// <see cref="ObjectStoreException"/>s, a 404 of kind <paramref name="notFound"/>.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(
        Func<HttpRequestMessage> build, ObjectStoreErrorKind notFound, CancellationToken ct,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead, Func<HttpResponseMessage, bool>? accept = null)
    {
        try
        {
            return await _retry.ExecuteAsync(async token =>
            {
                var response = await SendAuthorizedAsync(build, completion, token);
                if (response.IsSuccessStatusCode || accept?.Invoke(response) == true) return response;
                using (response)
                {
                    var error = await GcsErrorMapping.FromResponseAsync(response, notFound, token);
                    if (error.Kind == ObjectStoreErrorKind.Transient)
                        _log.LogDebug("GCS {Method} {Path} answered {Status} {Code}; retrying", response.RequestMessage?.Method, response.RequestMessage?.RequestUri?.AbsolutePath, (int)response.StatusCode, error.ProviderCode);
                    throw error;
                }
            }, ct);
        }
        catch (Exception e) when (e is not ObjectStoreException && !ct.IsCancellationRequested && GcsErrorMapping.IsTransient(e))
        {
            throw GcsErrorMapping.FromTransport(e);
        }
    }

    /// <summary>One attempt: token, send, and on 401 one refresh and resend.</summary>
    private async Task<HttpResponseMessage> SendAuthorizedAsync(Func<HttpRequestMessage> build, HttpCompletionOption completion, CancellationToken ct)
    {
        var response = await SendOnceAsync(build, await AccessTokenAsync(forceRefresh: false, ct), completion, ct);
        if (response.StatusCode != HttpStatusCode.Unauthorized) return response;
        response.Dispose();
        _log.LogDebug("GCS refused the access token; requesting a new one");
        return await SendOnceAsync(build, await AccessTokenAsync(forceRefresh: true, ct), completion, ct);
    }

    private async Task<HttpResponseMessage> SendOnceAsync(Func<HttpRequestMessage> build, string accessToken, HttpCompletionOption completion, CancellationToken ct)
    {
        using var request = build();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var timeout = request.Content is null && completion == HttpCompletionOption.ResponseContentRead
            ? CancellationTokenSource.CreateLinkedTokenSource(ct) : null;
        timeout?.CancelAfter(MetadataRequestTimeout);
        try
        {
            return await _http.SendAsync(request, completion, timeout?.Token ?? ct);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"{request.Method} {request.RequestUri?.AbsolutePath} timed out", e);
        }
    }

    private async Task<string> AccessTokenAsync(bool forceRefresh, CancellationToken ct)
    {
        try
        {
            if (forceRefresh) await _credential.RequestAccessTokenAsync(ct);
            return await _credential.GetAccessTokenForRequestAsync(cancellationToken: ct);
        }
        catch (TokenResponseException e)
        {
            throw GcsErrorMapping.FromTokenError(e);
        }
    }

    /// <summary>URLs are used exactly as built (System.Uri would otherwise rewrite escapes in object names).</summary>
    private static HttpRequestMessage Request(HttpMethod method, string url) =>
        new(method, new Uri(url, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true })) { Version = HttpVersion.Version11 };

    private static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        return await JsonSerializer.DeserializeAsync<T>(stream, Json, ct)
               ?? throw new ObjectStoreException(ObjectStoreErrorKind.Other, "EmptyResponse", $"GCS answered {response.RequestMessage?.RequestUri?.AbsolutePath} without a body");
    }
}
