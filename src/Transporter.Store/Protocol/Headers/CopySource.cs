using System.Text;
using Transporter.Store.Engine.Naming;
using Transporter.Store.Protocol.Errors;
using Transporter.Store.Protocol.Routing;

namespace Transporter.Store.Protocol.Headers;

/// <summary>x-amz-copy-source: "bucket/key" or "/bucket/key", URL-encoded, optionally "?versionId=...".</summary>
internal sealed record CopySource(string Bucket, string Key, string? VersionId = null)
{
    public static CopySource Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header)) throw Invalid();
        var value = header.Trim();
        string? versionId = null;
        var query = value.IndexOf('?');
        if (query >= 0)
        {
            foreach (var pair in value[(query + 1)..].Split('&'))
                if (pair.StartsWith("versionId=", StringComparison.Ordinal)) versionId = Uri.UnescapeDataString(pair["versionId=".Length..]);
            value = value[..query];
        }
        // Some SDKs encode the bucket/key separator too (%2F); bucket names never contain '/', so split after decoding.
        var bytes = PercentDecoding.Decode(value).AsSpan();
        if (bytes.Length > 0 && bytes[0] == (byte)'/') bytes = bytes[1..];
        var slash = bytes.IndexOf((byte)'/');
        if (slash <= 0 || slash == bytes.Length - 1) throw Invalid();
        var bucket = Encoding.UTF8.GetString(bytes[..slash]);
        var key = ObjectKeyRules.Decode(bytes[(slash + 1)..]);
        return new CopySource(bucket, key, string.IsNullOrEmpty(versionId) ? null : versionId);
    }

    private static S3Exception Invalid() =>
        new("InvalidArgument", "Copy Source must mention the source bucket and key: sourcebucket/sourcekey");
}
