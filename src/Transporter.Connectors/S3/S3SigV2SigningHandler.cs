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
        var decodedLength = headers.NonValidated.TryGetValues(DecodedLengthHeader, out var values) ? values.ToString() : null;
        headers.Remove("Authorization");
        headers.Remove("X-Amz-Date");
        headers.Remove("X-Amz-Content-SHA256");
        headers.Remove(DecodedLengthHeader);
        if (request.Content is not null && request.Content.Headers.NonValidated.TryGetValues("Content-Encoding", out var encodings)
            && encodings.Any(e => e.Contains(AwsChunked, StringComparison.OrdinalIgnoreCase)))
            request.Content = await UnchunkAsync(request.Content, decodedLength, ct);

        headers.Date = clock.GetUtcNow();
        var date = headers.Date.Value.ToString("r", CultureInfo.InvariantCulture);
        var stringToSign = S3SigV2Signature.StringToSign(
            request.Method.Method,
            ContentHeader(request, "Content-MD5"),
            ContentHeader(request, "Content-Type"),
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
        foreach (var header in framed.Headers.NonValidated)
        {
            if (header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) continue;
            if (header.Key.Equals("Content-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                var kept = header.Value.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                    .Where(encoding => !encoding.Equals(AwsChunked, StringComparison.OrdinalIgnoreCase)).ToList();
                if (kept.Count > 0) plain.Headers.TryAddWithoutValidation(header.Key, string.Join(", ", kept));
                continue;
            }
            plain.Headers.TryAddWithoutValidation(header.Key, (IEnumerable<string>)header.Value);
        }
        plain.Headers.ContentLength = length;
        return plain;
    }

    // Headers are read through NonValidated throughout: parsing them (as enumerating HttpHeaders does) would
    // rewrite values such as Cache-Control into .NET's own formatting, which is not what the caller asked to store.
    private static IEnumerable<KeyValuePair<string, string>> AmzHeaders(HttpRequestMessage request)
    {
        IEnumerable<KeyValuePair<string, HeaderStringValues>> all = request.Headers.NonValidated;
        if (request.Content is not null) all = all.Concat(request.Content.Headers.NonValidated);
        foreach (var (name, values) in all)
            if (name.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase))
                foreach (var value in values)
                    yield return new(name, value);
    }

    private static string? ContentHeader(HttpRequestMessage request, string name) =>
        request.Content is not null && request.Content.Headers.NonValidated.TryGetValues(name, out var values)
            ? string.Join(",", values)
            : null;
}
