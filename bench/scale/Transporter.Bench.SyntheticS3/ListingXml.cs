using System.Globalization;
using System.Security;
using System.Text;

namespace Transporter.Bench.SyntheticS3;

/// <summary>The ListObjectsV2 answer (S3's XML), written from a page of entries.</summary>
public static class ListingXml
{
    public static string Write(string bucket, string prefix, int maxKeys, IReadOnlyList<(string Key, long Size, string ETag)> entries, bool truncated)
    {
        var xml = new StringBuilder(256 + entries.Count * 220);
        xml.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
        xml.Append("<Name>").Append(bucket).Append("</Name><Prefix>").Append(SecurityElement.Escape(prefix)).Append("</Prefix>");
        xml.Append("<KeyCount>").Append(entries.Count).Append("</KeyCount><MaxKeys>").Append(maxKeys).Append("</MaxKeys>");
        xml.Append("<IsTruncated>").Append(truncated ? "true" : "false").Append("</IsTruncated>");
        if (truncated) xml.Append("<NextContinuationToken>").Append(SecurityElement.Escape(entries[^1].Key)).Append("</NextContinuationToken>");
        var modified = SyntheticObjects.Modified.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        foreach (var (key, size, etag) in entries)
            xml.Append("<Contents><Key>").Append(SecurityElement.Escape(key)).Append("</Key><LastModified>").Append(modified)
                .Append("</LastModified><ETag>&quot;").Append(etag).Append("&quot;</ETag><Size>").Append(size)
                .Append("</Size><StorageClass>STANDARD</StorageClass></Contents>");
        return xml.Append("</ListBucketResult>").ToString();
    }
}
