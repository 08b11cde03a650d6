namespace Transporter.EndToEnd.Tests.Cloud;

/// <summary>An object's content on disk, with the digests a copy must keep.</summary>
/// <param name="Sha256">Upper-case hex.</param>
/// <param name="Md5">Base64, as Azure's Content-MD5 and GCS's md5Hash.</param>
public sealed record ContentFile(string Path, long Size, string Sha256, string Md5)
{
    /// <summary>Lower-case hex: the ETag of a single-part S3 object.</summary>
    public string Md5Hex => Convert.ToHexStringLower(Convert.FromBase64String(Md5));
}
