namespace Transporter.Core.Endpoints;

/// <summary>
/// The bucket (container) names each provider accepts, so a name the provider would refuse is a 400 naming the field
/// when the request arrives, not a failed run later. Amazon S3, Lyve and GCS's S3 interface follow Amazon's rules
/// (3-63 characters: lowercase letters, digits, dots and hyphens); Google's JSON API also takes underscores and dotted
/// names up to 222 characters; Azure containers take lowercase letters, digits and single hyphens (or "$root"). Other
/// S3-compatible services (s3v4, s3v2) may still hold Amazon's legacy names (uppercase, underscores, up to 255).
/// </summary>
public static class BucketNameRules
{
    /// <summary>Why <paramref name="bucket"/> cannot name a bucket of <paramref name="type"/>, or null when it can.</summary>
    public static string? Problem(string type, string bucket) => type switch
    {
        EndpointType.Azure => AzureContainer(bucket),
        EndpointType.GcpNative => Gcs(bucket),
        EndpointType.S3V4 or EndpointType.S3V2 => Legacy(bucket),
        _ => Amazon(bucket),
    };

    private static string? Amazon(string name)
    {
        if (name.Length is < 3 or > 63) return Say(name, "must be 3 to 63 characters long");
        if (!name.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '.' or '-'))
            return Say(name, "may hold only lowercase letters, digits, dots and hyphens");
        if (!IsLetterOrDigit(name[0]) || !IsLetterOrDigit(name[^1])) return Say(name, "must begin and end with a letter or digit");
        if (name.Contains("..", StringComparison.Ordinal)) return Say(name, "must not hold two dots in a row");
        if (System.Net.IPAddress.TryParse(name, out _) && name.Count(c => c == '.') == 3) return Say(name, "must not look like an IP address");
        return null;
    }

    private static string? Legacy(string name)
    {
        if (name.Length is < 1 or > 255) return Say(name, "must be 1 to 255 characters long");
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            return Say(name, "may hold only letters, digits, dots, hyphens and underscores");
        return null;
    }

    private static string? Gcs(string name)
    {
        var dotted = name.Contains('.', StringComparison.Ordinal);
        if (name.Length < 3 || name.Length > (dotted ? 222 : 63))
            return Say(name, dotted ? "must be 3 to 222 characters long" : "must be 3 to 63 characters long");
        if (!name.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '.' or '-' or '_'))
            return Say(name, "may hold only lowercase letters, digits, dots, hyphens and underscores");
        if (!IsLetterOrDigit(name[0]) || !IsLetterOrDigit(name[^1])) return Say(name, "must begin and end with a letter or digit");
        if (name.Split('.').Any(part => part.Length is 0 or > 63)) return Say(name, "must have dot-separated parts of 1 to 63 characters");
        return null;
    }

    private static string? AzureContainer(string name)
    {
        if (name == "$root") return null;
        if (name.Length is < 3 or > 63) return Say(name, "must be 3 to 63 characters long");
        if (!name.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-'))
            return Say(name, "may hold only lowercase letters, digits and hyphens");
        if (!IsLetterOrDigit(name[0]) || !IsLetterOrDigit(name[^1])) return Say(name, "must begin and end with a letter or digit");
        if (name.Contains("--", StringComparison.Ordinal)) return Say(name, "must not hold two hyphens in a row");
        return null;
    }

    private static bool IsLetterOrDigit(char c) => c is >= 'a' and <= 'z' or >= '0' and <= '9';

    private static string Say(string name, string rule) => $"bucket '{name}' {rule}";
}
