using System.Security.Cryptography;
using System.Xml;
using Amazon.Runtime;
using Amazon.S3;
using Transporter.Identity.Signatures.SigV4;

namespace Transporter.Connectors.S3;

/// <summary>
/// The lean data path (docs/decisions/s3-data-path.md): GetObject and the PutObject of a small body as plain HTTP
/// requests on the client's own HttpClient, signed by <see cref="SigV4RequestSigner"/>. AWSSDK's request pipeline
/// (endpoint rules evaluated per request, marshallers, its handler chain) cost more CPU per small object than the rest
/// of the copier; everything else (listings, multipart, tags, copies, deletes) stays with the SDK. A refusal is raised
/// as the <see cref="AmazonS3Exception"/> the SDK would have raised, so retries and error mapping are the same.
/// </summary>
/// <remarks>Served for path-style SigV4 endpoints (lyve, s3v4): AWS itself keeps the SDK (virtual hosts, region
/// redirects), s3v2 and gcp keep their dialect handlers.</remarks>
internal sealed class S3DataPath(S3Endpoint endpoint, HttpClient http, TimeProvider clock)
{
    /// <summary>Bodies up to this size are read into memory, signed with their SHA-256 and sent in one request (which
    /// can then be retried); larger ones stream through the SDK.</summary>
    public const int MaxPutBytes = 256 * 1024;

    private readonly SigV4RequestSigner _signer = new(endpoint.AccessKey, endpoint.SecretKey, endpoint.Region, "s3");

    public static bool Serves(S3Endpoint endpoint, S3ProviderOptions options) =>
        options.LeanDataPath && !endpoint.IsAws && !endpoint.IsGcs && !endpoint.SignsV2;

    /// <summary>False for a key with a "." or ".." path segment: HTTP clients remove those from a URL's path, so such a
    /// key cannot be addressed path-style as it is (the SDK escapes it specially).</summary>
    public static bool CanAddress(string key)
    {
        foreach (var segment in key.Split('/'))
            if (segment is "." or "..") return false;
        return true;
    }

    /// <summary>The answer to a GET, its body not read yet; a refusal throws.</summary>
    public async Task<HttpResponseMessage> GetAsync(string bucket, string key, Transporter.Core.Storage.ByteRange? range, string? ifMatch, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, ObjectUri(bucket, key));
        if (range is { } r) request.Headers.TryAddWithoutValidation("Range", $"bytes={r.First}-{r.Last}");
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        Sign(request, SigV4RequestSigner.EmptyPayloadHash);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        if (response.IsSuccessStatusCode) return response;
        using (response) throw await RefusalAsync(response, ct).ConfigureAwait(false);
    }

    /// <summary>PUTs <paramref name="body"/> with <paramref name="headers"/> (content and x-amz-* headers); a refusal throws.</summary>
    public async Task<HttpResponseMessage> PutAsync(string bucket, string key, IEnumerable<KeyValuePair<string, string>> headers,
        ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, ObjectUri(bucket, key)) { Content = new ReadOnlyMemoryContent(body) };
        foreach (var (name, value) in headers)
            if (!request.Headers.TryAddWithoutValidation(name, value))
                request.Content.Headers.TryAddWithoutValidation(name, value);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(body.Span, hash);
        Sign(request, Convert.ToHexStringLower(hash));
        var response = await http.SendAsync(request, ct).ConfigureAwait(false);
        if (response.IsSuccessStatusCode) return response;
        using (response) throw await RefusalAsync(response, ct).ConfigureAwait(false);
    }

    private Uri ObjectUri(string bucket, string key) =>
        new($"{endpoint.ServiceUrl.GetLeftPart(UriPartial.Authority)}/{SigV4RequestSigner.EncodePath(bucket)}/{SigV4RequestSigner.EncodePath(key)}");

    /// <summary>Signs host, x-amz-date, x-amz-content-sha256, Content-MD5, Content-Type and every x-amz-* header.</summary>
    private void Sign(HttpRequestMessage request, string payloadHash)
    {
        var amzDate = SigV4RequestSigner.AmzDate(clock.GetUtcNow());
        request.Headers.TryAddWithoutValidation("x-amz-date", amzDate);
        request.Headers.TryAddWithoutValidation("x-amz-content-sha256", payloadHash);
        var uri = request.RequestUri!;
        var signed = new List<KeyValuePair<string, string>>(8) { new("host", uri.Authority) };
        Collect(request.Headers.NonValidated, signed);
        if (request.Content is not null) Collect(request.Content.Headers.NonValidated, signed);
        var authorization = _signer.Authorization(request.Method.Method, uri.AbsolutePath, uri.Query.TrimStart('?'), signed, payloadHash, amzDate);
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
    }

    private static void Collect(System.Net.Http.Headers.HttpHeadersNonValidated headers, List<KeyValuePair<string, string>> signed)
    {
        foreach (var (name, values) in headers)
            if (name.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Content-MD5", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                signed.Add(new(name, values.ToString()));
    }

    /// <summary>The S3 error document of a refusal (Code, Message, RequestId), as the SDK would report it.</summary>
    private static async Task<AmazonS3Exception> RefusalAsync(HttpResponseMessage response, CancellationToken ct)
    {
        string? code = null, message = null, requestId = null;
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            using var reader = XmlReader.Create(body, new XmlReaderSettings { Async = true, DtdProcessing = DtdProcessing.Prohibit });
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                if (reader.NodeType != XmlNodeType.Element || reader.Depth != 1) continue;
                switch (reader.LocalName)
                {
                    case "Code": code = await reader.ReadElementContentAsStringAsync().ConfigureAwait(false); break;
                    case "Message": message = await reader.ReadElementContentAsStringAsync().ConfigureAwait(false); break;
                    case "RequestId": requestId = await reader.ReadElementContentAsStringAsync().ConfigureAwait(false); break;
                }
            }
        }
        catch (XmlException)
        {
            // Not an S3 error document (a proxy's page, an empty HEAD-like body): the status says what happened.
        }
        var status = response.StatusCode;
        var type = (int)status >= 500 ? ErrorType.Receiver : ErrorType.Sender;
        return new AmazonS3Exception(message ?? $"{(int)status} {status}", type, code ?? "", requestId ?? "", status);
    }
}
