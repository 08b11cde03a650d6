using System.Net;

namespace Transporter.Store.Engine.Naming;

/// <summary>S3's rules for general purpose bucket names.</summary>
public static class BucketNameRules
{
    public static bool IsValid(string name)
    {
        if (name.Length is < 3 or > 63) return false;
        foreach (var c in name)
            if (!(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '.' or '-')) return false;
        if (!char.IsAsciiLetterOrDigit(name[0]) || !char.IsAsciiLetterOrDigit(name[^1])) return false;
        if (name.Contains("..", StringComparison.Ordinal)) return false;
        if (name.Contains(".-", StringComparison.Ordinal) || name.Contains("-.", StringComparison.Ordinal)) return false;
        if (IPAddress.TryParse(name, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            && name.Count(c => c == '.') == 3) return false;
        foreach (var prefix in ReservedPrefixes)
            if (name.StartsWith(prefix, StringComparison.Ordinal)) return false;
        foreach (var suffix in ReservedSuffixes)
            if (name.EndsWith(suffix, StringComparison.Ordinal)) return false;
        return true;
    }

    /// <summary>Throws InvalidBucketName unless <paramref name="name"/> follows the rules.</summary>
    public static void Validate(string name)
    {
        if (!IsValid(name)) throw new StoreException(StoreErrorCode.InvalidBucketName, "The specified bucket is not valid.");
    }

    private static readonly string[] ReservedPrefixes = ["xn--", "sthree-", "amzn-s3-demo-"];
    private static readonly string[] ReservedSuffixes = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];
}
