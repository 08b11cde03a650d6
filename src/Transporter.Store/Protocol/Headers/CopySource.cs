using System.Text;
using Transporter.Store.Engine.Naming;
using Transporter.Store.Protocol.Errors;
using Transporter.Store.Protocol.Routing;

namespace Transporter.Store.Protocol.Headers;

/// <summary>x-amz-copy-source: "bucket/key" or "/bucket/key", URL-encoded, optionally "?versionId=...".</summary>
internal sealed record CopySource(string Bucket, string Key)
{
    public static CopySource Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header)) throw Invalid();
        var value = header.Trim();
        var query = value.IndexOf('?');
        if (query >= 0)
        {
            var versionId = value[(query + 1)..];
            // Unversioned buckets: the only version there is, is "null".
            if (versionId.StartsWith("versionId=", StringComparison.Ordinal) && versionId[10..] is not ("null" or ""))
                throw new S3Exception("NotImplemented", "Copying a specific object version is not implemented.");
            value = value[..query];
        }
        if (value.StartsWith('/')) value = value[1..];
        var slash = value.IndexOf('/');
        if (slash <= 0 || slash == value.Length - 1) throw Invalid();
        var bucket = Encoding.UTF8.GetString(PercentDecoding.Decode(value.AsSpan(0, slash)));
        var key = ObjectKeyRules.Decode(PercentDecoding.Decode(value.AsSpan(slash + 1)));
        return new CopySource(bucket, key);
    }

    private static S3Exception Invalid() =>
        new("InvalidArgument", "Copy Source must mention the source bucket and key: sourcebucket/sourcekey");
}
