using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Transporter.Core.Storage;

namespace Transporter.Connectors.Azure;

/// <summary>
/// A compact Azure Blob REST client (SharedKey, x-ms-version <see cref="ApiVersion"/>). Its operations are named
/// after Azure.Storage.Blobs' (GetPropertiesAsync, DownloadAsync, StageBlockAsync, CommitBlockListAsync, ...) so
/// the official SDK can replace it once it restores here. Errors come out as <see cref="ObjectStoreException"/>;
/// transient ones are retried through <see cref="TransientRetry"/> first.
/// </summary>
internal sealed partial class AzureClient
{
    public const string ApiVersion = "2021-08-06";

    /// <summary>Requests without a body that take longer than this are abandoned and retried.</summary>
    private static readonly TimeSpan MetadataRequestTimeout = TimeSpan.FromSeconds(100);

    private readonly HttpClient _http;
    private readonly byte[] _accountKey;
    private readonly ResiliencePipeline _retry;
    private readonly ILogger _log;

    /// <param name="serviceUri">The account URL: https://account.blob.core.windows.net or
    /// http://127.0.0.1:10000/devstoreaccount1 (emulator, path-style).</param>
    public AzureClient(HttpClient http, Uri serviceUri, string accountName, byte[] accountKey, ResiliencePipeline retry, ILogger log)
    {
        _http = http;
        ServiceUrl = serviceUri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        AccountName = accountName;
        _accountKey = accountKey;
        _retry = retry;
        _log = log;
    }

    /// <summary>The account URL without a trailing slash.</summary>
    public string ServiceUrl { get; }

    public string AccountName { get; }

    /// <summary>True when both clients act for the same account at the same URL with the same key.</summary>
    public bool SameAccountAs(AzureClient other) =>
        string.Equals(ServiceUrl, other.ServiceUrl, StringComparison.OrdinalIgnoreCase)
        && AccountName == other.AccountName
        && _accountKey.AsSpan().SequenceEqual(other._accountKey);

    public string ContainerUrl(string container) => $"{ServiceUrl}/{Uri.EscapeDataString(container)}";

    /// <summary>The blob's URL: each '/'-separated segment escaped, so names with spaces, '?', '#', '%' survive.</summary>
    public string BlobUrl(string container, string blob) => $"{ContainerUrl(container)}/{EscapeBlobName(blob)}";

    internal static string EscapeBlobName(string blob) =>
        string.Join('/', blob.Split('/').Select(segment => segment switch
        {
            // System.Uri would collapse dot segments; escaped dots keep "a/../b" a literal name.
            "." => "%2E",
            ".." => "%2E%2E",
            _ => Uri.EscapeDataString(segment),
        }));

    /// <summary>
    /// Sends one operation: <paramref name="build"/> makes a fresh request for every attempt; the request is
    /// signed, sent, and a non-success answer becomes an <see cref="ObjectStoreException"/> (unless
    /// <paramref name="accept"/> takes it). The caller disposes the response.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(
        Func<HttpRequestMessage> build, CancellationToken ct, UploadContent? body = null,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead, Func<HttpResponseMessage, bool>? accept = null)
    {
        Exception? lastFailure = null;
        try
        {
            return await _retry.ExecuteAsync(async token =>
            {
                if (body is not null && !body.Rewind()) throw new NotReplayableException(lastFailure);
                try
                {
                    return await AttemptAsync(token);
                }
                catch (Exception e)
                {
                    lastFailure = e;
                    throw;
                }
            }, ct);
        }
        catch (NotReplayableException e)
        {
            throw new ObjectStoreException(ObjectStoreErrorKind.Transient, "NotReplayable",
                $"the upload failed part-way ({e.InnerException?.Message}) and its content stream cannot be read again", e.InnerException);
        }
        catch (Exception e) when (e is not ObjectStoreException && !ct.IsCancellationRequested && AzureErrorMapping.IsTransient(e))
        {
            throw AzureErrorMapping.FromTransport(e);
        }

        async Task<HttpResponseMessage> AttemptAsync(CancellationToken token)
        {
            using var request = build();
            if (body is not null)
            {
                request.Content = body.ToHttpContent();
                if (request.Options.TryGetValue(TransactionalMd5, out var md5)) request.Content.Headers.ContentMD5 = Convert.FromBase64String(md5);
            }
            Sign(request);
            using var timeout = body is null && completion == HttpCompletionOption.ResponseContentRead
                ? CancellationTokenSource.CreateLinkedTokenSource(token) : null;
            timeout?.CancelAfter(MetadataRequestTimeout);
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, completion, timeout?.Token ?? token);
            }
            catch (HttpRequestException e) when (FindInner<ObjectStoreException>(e) is { } inner)
            {
                throw inner; // the content itself failed (e.g. ended early): not a network problem
            }
            catch (OperationCanceledException e) when (!token.IsCancellationRequested)
            {
                throw new TimeoutException($"{request.Method} {request.RequestUri?.AbsolutePath} timed out", e);
            }
            if (response.IsSuccessStatusCode || accept?.Invoke(response) == true) return response;
            using (response)
            {
                var error = request.Method == HttpMethod.Head && (int)response.StatusCode is 400 or 401 or 403
                    ? await ExplainHeadFailureAsync(request.RequestUri!, response, token)
                    : await AzureErrorMapping.FromResponseAsync(response, token);
                if (error.Kind == ObjectStoreErrorKind.Transient)
                    _log.LogDebug("Azure {Method} {Path} answered {Status} {Code}; retrying", request.Method, request.RequestUri?.AbsolutePath, (int)response.StatusCode, error.ProviderCode);
                throw error;
            }
        }
    }

    /// <summary>
    /// A HEAD answer has no body, so no message; Azurite's code for a wrong key (AuthorizationFailure) is also
    /// Azure's for a refused permission. A GET of one byte of the same URL gets the same refusal with its message.
    /// </summary>
    private async Task<ObjectStoreException> ExplainHeadFailureAsync(Uri uri, HttpResponseMessage headResponse, CancellationToken ct)
    {
        try
        {
            using var request = Request(HttpMethod.Get, uri.OriginalString);
            request.Headers.TryAddWithoutValidation("x-ms-range", "bytes=0-0");
            Sign(request);
            using var response = await _http.SendAsync(request, ct);
            if (response.StatusCode == headResponse.StatusCode) return await AzureErrorMapping.FromResponseAsync(response, ct);
        }
        catch (HttpRequestException) { }
        return await AzureErrorMapping.FromResponseAsync(headResponse, ct);
    }

    private static T? FindInner<T>(Exception e) where T : Exception
    {
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
            if (inner is T found) return found;
        return null;
    }

    /// <summary>The URL is used exactly as built: System.Uri would otherwise unescape "%2E" and drop dot segments.</summary>
    private static HttpRequestMessage Request(HttpMethod method, string url) =>
        new(method, new Uri(url, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true })) { Version = HttpVersion.Version11 };

    /// <summary>A failed attempt whose body was partly read from a stream that cannot seek: no further attempt.</summary>
    private sealed class NotReplayableException(Exception? cause) : Exception("the content stream cannot be replayed", cause);
}
