using System.Text;
using Transporter.Store.Engine.Naming;

namespace Transporter.Store.Protocol.Routing;

/// <summary>
/// Finds the bucket and key of a request: virtual-host style when the Host is "bucket.DOMAIN" for a configured base
/// domain, path style ("/bucket/key") otherwise. The key comes from the raw request target, because the decoded
/// path has had "../" segments removed and would turn legal keys into other keys.
/// </summary>
internal sealed class RequestTargetParser(IReadOnlyList<string> domains)
{
    public IReadOnlyList<string> Domains { get; } = domains;

    public S3Target Parse(string? host, string rawTarget)
    {
        var path = rawTarget.AsSpan();
        var query = path.IndexOf('?');
        if (query >= 0) path = path[..query];
        if (path.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || path.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            // Absolute-form target: drop scheme and authority.
            var afterScheme = path[(path.IndexOf("//", StringComparison.Ordinal) + 2)..];
            var slash = afterScheme.IndexOf('/');
            path = slash < 0 ? "/" : afterScheme[slash..];
        }
        if (path.Length > 0 && path[0] == '/') path = path[1..];

        if (VirtualHostBucket(host) is { } bucket)
        {
            var key = path.Length == 0 ? null : ObjectKeyRules.Decode(PercentDecoding.Decode(path));
            return new S3Target(bucket, key, $"/{bucket}/{key}");
        }
        var separator = path.IndexOf('/');
        var bucketPart = separator < 0 ? path : path[..separator];
        if (bucketPart.Length == 0) return new S3Target(null, null, "/");
        var name = Encoding.UTF8.GetString(PercentDecoding.Decode(bucketPart));
        var keyPart = separator < 0 ? ReadOnlySpan<char>.Empty : path[(separator + 1)..];
        var objectKey = keyPart.Length == 0 ? null : ObjectKeyRules.Decode(PercentDecoding.Decode(keyPart));
        return new S3Target(name, objectKey, objectKey is null ? $"/{name}" : $"/{name}/{objectKey}");
    }

    private string? VirtualHostBucket(string? host)
    {
        if (string.IsNullOrEmpty(host)) return null;
        var name = host.AsSpan();
        if (name[0] == '[') return null; // IPv6 literal
        var colon = name.LastIndexOf(':');
        if (colon >= 0) name = name[..colon];
        foreach (var domain in Domains)
        {
            if (name.Length > domain.Length + 1 && name.EndsWith(domain, StringComparison.OrdinalIgnoreCase) && name[^(domain.Length + 1)] == '.')
                return name[..^(domain.Length + 1)].ToString().ToLowerInvariant();
        }
        return null;
    }
}
