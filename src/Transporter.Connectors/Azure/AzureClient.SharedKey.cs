using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Transporter.Connectors.Azure;

internal sealed partial class AzureClient
{
    /// <summary>
    /// SharedKey authorization (Blob service, version 2009-09-19 and later): HMAC-SHA256 with the account key over
    /// the verb, the standard headers, the x-ms-* headers and the canonicalized resource.
    /// </summary>
    private void Sign(HttpRequestMessage request)
    {
        request.Headers.TryAddWithoutValidation("x-ms-date", DateTime.UtcNow.ToString("R", CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("x-ms-version", ApiVersion);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(_accountKey, Encoding.UTF8.GetBytes(StringToSign(request, AccountName))));
        request.Headers.TryAddWithoutValidation("Authorization", $"SharedKey {AccountName}:{signature}");
    }

    internal static string StringToSign(HttpRequestMessage request, string accountName)
    {
        var content = request.Content?.Headers;
        string ContentHeader(string name) => content is not null && content.TryGetValues(name, out var values) ? string.Join(",", values) : "";
        string RequestHeader(string name) => request.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";
        // Since 2015-02-21 a zero length is signed as an empty string.
        var length = content?.ContentLength is > 0 and var l ? l.ToString(CultureInfo.InvariantCulture) : "";
        var md5 = content?.ContentMD5 is { } hash ? Convert.ToBase64String(hash) : "";
        var builder = new StringBuilder()
            .Append(request.Method.Method).Append('\n')
            .Append(ContentHeader("Content-Encoding")).Append('\n')
            .Append(ContentHeader("Content-Language")).Append('\n')
            .Append(length).Append('\n')
            .Append(md5).Append('\n')
            .Append(content?.ContentType?.ToString() ?? "").Append('\n')
            .Append('\n') // Date: x-ms-date is used instead
            .Append(RequestHeader("If-Modified-Since")).Append('\n')
            .Append(RequestHeader("If-Match")).Append('\n')
            .Append(RequestHeader("If-None-Match")).Append('\n')
            .Append(RequestHeader("If-Unmodified-Since")).Append('\n')
            .Append(RequestHeader("Range")).Append('\n');
        foreach (var (name, value) in request.Headers
                     .Where(h => h.Key.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
                     .Select(h => (Name: h.Key.ToLowerInvariant(), Value: string.Join(",", h.Value).Trim()))
                     .OrderBy(h => h.Name, StringComparer.Ordinal))
            builder.Append(name).Append(':').Append(value).Append('\n');
        AppendCanonicalizedResource(builder, request.RequestUri!, accountName);
        return builder.ToString();
    }

    private static void AppendCanonicalizedResource(StringBuilder builder, Uri uri, string accountName)
    {
        // For the emulator's path-style URLs the account appears twice (/devstoreaccount1/devstoreaccount1/...), as Azure expects.
        builder.Append('/').Append(accountName).Append(uri.AbsolutePath);
        var query = uri.Query.TrimStart('?');
        if (query.Length == 0) return;
        var parameters = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(p => (Name: Uri.UnescapeDataString(p[0]).ToLowerInvariant(), Value: p.Length > 1 ? Uri.UnescapeDataString(p[1]) : ""))
            .GroupBy(p => p.Name)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var group in parameters)
            builder.Append('\n').Append(group.Key).Append(':')
                .Append(string.Join(",", group.Select(p => p.Value).Order(StringComparer.Ordinal)));
    }
}
