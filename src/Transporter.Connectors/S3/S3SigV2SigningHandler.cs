using System.Globalization;
using System.Net.Http.Headers;

namespace Transporter.Connectors.S3;

/// <summary>
/// Re-signs the SDK's requests with AWS Signature Version 2 for s3v2 endpoints. AWSSDK.S3 4.x signs every request
/// with SigV4 (a request's SignatureVersion is ignored outside presigned URLs), so the last step of the HTTP pipeline
/// replaces that signature: it drops the SigV4 headers, strips the aws-chunked framing the SDK puts on streamed
/// bodies over plain http (SigV2 never signs the payload), sets Date, and writes "Authorization: AWS key:signature".
/// </summary>
internal sealed class S3SigV2SigningHandler(string accessKey, string secretKey, TimeProvider clock) : DelegatingHandler
{
    private const string AwsChunked = "aws-chunked";
    private const string DecodedLengthHeader = "X-Amz-Decoded-Content-Length";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var headers = request.Headers;
        var decodedLength = headers.TryGetValues(DecodedLengthHeader, out var values) ? values.First() : null;
        headers.Remove("Authorization");
        headers.Remove("X-Amz-Date");
        headers.Remove("X-Amz-Content-SHA256");
        headers.Remove(DecodedLengthHeader);
        if (request.Content is not null && request.Content.Headers.ContentEncoding.Contains(AwsChunked))
            request.Content = await UnchunkAsync(request.Content, decodedLength, ct);

        headers.Date = clock.GetUtcNow();
        var date = headers.Date.Value.ToString("r", CultureInfo.InvariantCulture);
        var contentHeaders = request.Content?.Headers;
        var stringToSign = S3SigV2Signature.StringToSign(
            request.Method.Method,
            Single(contentHeaders, "Content-MD5"),
            Single(contentHeaders, "Content-Type"),
            date,
            AmzHeaders(request),
            request.RequestUri!.AbsolutePath,
            request.RequestUri.Query);
        headers.TryAddWithoutValidation("Authorization", $"AWS {accessKey}:{S3SigV2Signature.Sign(secretKey, stringToSign)}");
        return await base.SendAsync(request, ct);
    }

    private static async Task<HttpContent> UnchunkAsync(HttpContent framed, string? decodedLength, CancellationToken ct)
    {
        if (!long.TryParse(decodedLength, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
            throw new InvalidOperationException($"aws-chunked request without a valid {DecodedLengthHeader}");
        var plain = new StreamContent(new AwsChunkedDecodingStream(await framed.ReadAsStreamAsync(ct)));
        foreach (var header in framed.Headers)
        {
            if (header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) continue;
            if (header.Key.Equals("Content-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var encoding in header.Value.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
                    if (encoding != AwsChunked) plain.Headers.ContentEncoding.Add(encoding);
                continue;
            }
            plain.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        plain.Headers.ContentLength = length;
        return plain;
    }

    private static IEnumerable<KeyValuePair<string, string>> AmzHeaders(HttpRequestMessage request)
    {
        IEnumerable<KeyValuePair<string, IEnumerable<string>>> all = request.Headers;
        if (request.Content is not null) all = all.Concat(request.Content.Headers);
        foreach (var (name, values) in all)
            if (name.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase))
                foreach (var value in values)
                    yield return new(name, value);
    }

    private static string? Single(HttpContentHeaders? headers, string name) =>
        headers is not null && headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
