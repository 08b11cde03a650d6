using System.Text;
using Amazon.S3.Model;
using Transporter.Connectors.Gcs;
using Transporter.Core.Storage;

namespace Transporter.Connectors.S3;

/// <summary>
/// User metadata as x-amz-meta-* headers, both ways. Names travel as header names, so they must be HTTP tokens (a
/// name that is not fails the write before anything is sent). Values must be ASCII on the wire: a value that is not
/// printable ASCII, or that has leading/trailing spaces HTTP would trim, is sent RFC 2047 encoded
/// ("=?UTF-8?B?...?=", the form S3 itself answers for non-ASCII values) and decoded on read.
/// For gcp (GCS has neither Expires nor tags) the reserved entries of the gcp-native connector are used, so both
/// GCS connectors read each other's objects: "transporter_expires", "transporter_tag_" + key, and a user name that
/// starts with "transporter_" escaped as "transporter_m_" + name (docs/metadata-mapping.md).
/// </summary>
internal static class S3UserMetadata
{
    private const string MetaPrefix = "x-amz-meta-";
    private const string EscapedNamePrefix = "transporter_m_";
    private const string EncodedPrefix = "=?UTF-8?B?";
    private const string EncodedSuffix = "?=";

    /// <summary>What a HEAD/GET answer's metadata holds, reserved entries taken out.</summary>
    public sealed record Entries(IReadOnlyDictionary<string, string> User, string? Expires, IReadOnlyDictionary<string, string> Tags);

    public static void Write(MetadataCollection target, ObjectWriteRequest request, S3Endpoint endpoint)
    {
        foreach (var (name, value) in ToWrite(request, endpoint)) target[name] = value;
    }

    /// <summary>The metadata entries to send (names without x-amz-meta-, values encoded for the wire), checked: a name
    /// that cannot be a header name throws before anything is sent.</summary>
    public static List<KeyValuePair<string, string>> ToWrite(ObjectWriteRequest request, S3Endpoint endpoint)
    {
        var entries = new List<KeyValuePair<string, string>>(request.UserMetadata.Count);
        foreach (var (name, value) in request.UserMetadata)
        {
            var lower = name.ToLowerInvariant();
            var stored = endpoint.IsGcs && lower.StartsWith(GcsMetadataMapping.ReservedPrefix, StringComparison.Ordinal) ? EscapedNamePrefix + lower : lower;
            entries.Add(new(CheckedName(stored, "InvalidMetadata", $"metadata name '{name}'"), Encode(value)));
        }
        if (!endpoint.IsGcs) return entries;
        if (!string.IsNullOrEmpty(request.Expires)) entries.Add(new(GcsMetadataMapping.ExpiresName, Encode(request.Expires)));
        foreach (var (key, value) in request.Tags)
            entries.Add(new(CheckedName(GcsMetadataMapping.TagPrefix + key, "InvalidTag", $"tag key '{key}'"), Encode(value)));
        return entries;
    }

    public static Entries Read(MetadataCollection source, S3Endpoint endpoint) =>
        Read(source.Keys.Select(header => new KeyValuePair<string, string>(header, source[header])), endpoint);

    /// <summary>From x-amz-meta-* headers as they came (other headers must be left out by the caller).</summary>
    public static Entries Read(IEnumerable<KeyValuePair<string, string>> headers, S3Endpoint endpoint)
    {
        var user = new Dictionary<string, string>(StringComparer.Ordinal);
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        string? expires = null;
        foreach (var (header, raw) in headers)
        {
            var name = (header.StartsWith(MetaPrefix, StringComparison.OrdinalIgnoreCase) ? header[MetaPrefix.Length..] : header).ToLowerInvariant();
            var value = Decode(raw);
            if (!endpoint.IsGcs) user[name] = value;
            else if (name == GcsMetadataMapping.ExpiresName) expires = value;
            else if (name.StartsWith(GcsMetadataMapping.TagPrefix, StringComparison.Ordinal)) tags[name[GcsMetadataMapping.TagPrefix.Length..]] = value;
            else if (name.StartsWith(EscapedNamePrefix, StringComparison.Ordinal)) user[name[EscapedNamePrefix.Length..]] = value;
            else user[name] = value;
        }
        return new Entries(user, expires, tags);
    }

    /// <summary>True for an x-amz-meta-* header name.</summary>
    public static bool IsMetadataHeader(string name) => name.StartsWith(MetaPrefix, StringComparison.OrdinalIgnoreCase);

    private static string Encode(string value)
    {
        var plain = value.Length == 0
                    || (value.All(c => c is >= ' ' and <= '~') && value[0] != ' ' && value[^1] != ' '
                        && !value.StartsWith("=?", StringComparison.Ordinal));
        return plain ? value : EncodedPrefix + Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) + EncodedSuffix;
    }

    private static string Decode(string value)
    {
        if (!value.StartsWith(EncodedPrefix, StringComparison.OrdinalIgnoreCase) || !value.EndsWith(EncodedSuffix, StringComparison.Ordinal))
            return value;
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(value[EncodedPrefix.Length..^EncodedSuffix.Length]));
        }
        catch (FormatException)
        {
            return value; // looks encoded but is not: keep what the server has
        }
    }

    /// <summary>RFC 9110 token characters: anything else cannot be a header name.</summary>
    private static string CheckedName(string name, string code, string what)
    {
        if (name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c))) return name;
        throw new ObjectStoreException(ObjectStoreErrorKind.InvalidRequest, code,
            $"{what} cannot be sent as an S3 metadata header (only letters, digits and !#$%&'*+-.^_`|~)");
    }
}
