using System.Globalization;
using System.Text.Json;
using Transporter.Testing;

namespace Transporter.Store.Tests.Admin;

/// <summary>Requests to the S3 endpoint signed by curl's own SigV4 (--aws-sigv4), as an operator types them.</summary>
internal static class SignedCurl
{
    public sealed record Answer(int Status, string Body)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();
    }

    public static async Task<Answer> SendAsync(string method, string url, string accessKey, string secretKey)
    {
        // curl 7.88 signs the query as written: hand it the canonical form (sorted, every name with "=", encoded).
        var cut = url.IndexOf('?', StringComparison.Ordinal);
        if (cut >= 0) url = url[..(cut + 1)] + Canonical(url[(cut + 1)..]);
        var result = await CommandLine.RunAsync("curl", [
            "-s", "-X", method, "--aws-sigv4", "aws:amz:us-east-1:s3", "--user", $"{accessKey}:{secretKey}",
            "-w", "\n%{http_code}", url,
        ]);
        result.EnsureSuccess();
        var output = result.StdOut.TrimEnd('\n');
        var last = output.LastIndexOf('\n');
        return new Answer(int.Parse(output[(last + 1)..], CultureInfo.InvariantCulture), last < 0 ? "" : output[..last]);
    }

    private static string Canonical(string query) => string.Join('&', query.Split('&', StringSplitOptions.RemoveEmptyEntries)
        .Select(p => p.Split('=', 2))
        .Select(p => Uri.EscapeDataString(p[0]) + "=" + Uri.EscapeDataString(p.Length > 1 ? p[1] : ""))
        .Order(StringComparer.Ordinal));
}
