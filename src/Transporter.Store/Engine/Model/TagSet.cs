using System.Text;

namespace Transporter.Store.Engine.Model;

/// <summary>An object's tags in the order given; S3's rules are checked by <see cref="Validate"/>.</summary>
public sealed record TagSet(IReadOnlyList<KeyValuePair<string, string>> Tags)
{
    public static readonly TagSet Empty = new([]);

    public const int MaxTags = 10;
    public const int MaxKeyLength = 128;
    public const int MaxValueLength = 256;

    public int Count => Tags.Count;

    /// <summary>Throws InvalidTag unless S3 would accept these tags on an object.</summary>
    public TagSet Validate()
    {
        if (Tags.Count > MaxTags) throw new StoreException(StoreErrorCode.InvalidTag, $"Object tags cannot be greater than {MaxTags}");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in Tags)
        {
            if (key.Length == 0 || CountChars(key) > MaxKeyLength)
                throw new StoreException(StoreErrorCode.InvalidTag, "The TagKey you have provided is invalid");
            if (CountChars(value) > MaxValueLength)
                throw new StoreException(StoreErrorCode.InvalidTag, "The TagValue you have provided is invalid");
            if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
                throw new StoreException(StoreErrorCode.InvalidTag, "Your TagKey cannot be prefixed with aws:");
            if (!seen.Add(key))
                throw new StoreException(StoreErrorCode.InvalidTag, "Cannot provide multiple Tags with the same key");
        }
        return this;
    }

    /// <summary>The x-amz-tagging form: URL-encoded "k1=v1&amp;k2=v2".</summary>
    public string ToQueryString()
    {
        var sb = new StringBuilder();
        foreach (var (key, value) in Tags)
        {
            if (sb.Length > 0) sb.Append('&');
            sb.Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
        }
        return sb.ToString();
    }

    /// <summary>Parses the x-amz-tagging header form; malformed escapes are an InvalidArgument.</summary>
    public static TagSet ParseQueryString(string? text)
    {
        if (string.IsNullOrEmpty(text)) return Empty;
        var tags = new List<KeyValuePair<string, string>>();
        foreach (var pair in text.Split('&'))
        {
            if (pair.Length == 0) continue;
            var eq = pair.IndexOf('=');
            var key = Decode(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? "" : Decode(pair[(eq + 1)..]);
            tags.Add(new(key, value));
        }
        return new TagSet(tags);
    }

    private static string Decode(string s)
    {
        try
        {
            return Uri.UnescapeDataString(s.Replace('+', ' '));
        }
        catch (UriFormatException e)
        {
            throw new StoreException(StoreErrorCode.InvalidArgument, "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.", e);
        }
    }

    private static int CountChars(string s)
    {
        var n = 0;
        foreach (var _ in s.EnumerateRunes()) n++;
        return n;
    }
}
