using Transporter.Store.Engine;
using Transporter.Store.Engine.Model;
using Transporter.Store.Protocol.Headers;
using Transporter.Store.Protocol.Xml;

namespace Transporter.Store.Protocol.Handlers;

internal sealed partial class S3Handler
{
    /// <summary>ListObjectVersions: Version and DeleteMarker entries in key order (newest first within a key), with
    /// key-marker / version-id-marker paging, delimiter and encoding-type as a listing.</summary>
    private Task ListObjectVersionsAsync(S3Request r)
    {
        var encode = EncodingType(r);
        var prefix = r.QueryValue("prefix") ?? "";
        var delimiter = r.QueryValue("delimiter");
        var keyMarker = r.QueryValue("key-marker");
        var versionIdMarker = r.QueryValue("version-id-marker");
        if (versionIdMarker is not null && string.IsNullOrEmpty(keyMarker))
            throw new Errors.S3Exception("InvalidArgument", "A version-id marker cannot be specified without a key marker.");
        var maxKeys = IntParameter(r, "max-keys", StorageEngine.MaxListKeys, 0, StorageEngine.MaxListKeys);
        var page = engine.ListObjectVersions(r.Owner, r.Bucket, new ListVersionsQuery(prefix, delimiter, keyMarker, versionIdMarker, maxKeys));

        var xml = new XmlResponse("ListVersionsResult")
            .Element("Name", r.Bucket)
            .Element("Prefix", UrlEncoding.Encode(prefix, encode))
            .Element("KeyMarker", UrlEncoding.Encode(keyMarker ?? "", encode))
            .Element("VersionIdMarker", versionIdMarker ?? "")
            .Element("NextKeyMarker", UrlEncoding.Encode(page.NextKeyMarker, encode))
            .Element("NextVersionIdMarker", page.NextVersionIdMarker)
            .Element("MaxKeys", maxKeys)
            .Element("Delimiter", UrlEncoding.Encode(delimiter, encode))
            .Element("IsTruncated", page.IsTruncated)
            .Element("EncodingType", encode ? "url" : null);
        foreach (var v in page.Versions)
        {
            xml.Open(v.IsDeleteMarker ? "DeleteMarker" : "Version")
                .Element("Key", UrlEncoding.Encode(v.Key, encode))
                .Element("VersionId", ObjectVersionIds.Show(v.VersionId))
                .Element("IsLatest", v.IsLatest)
                .Element("LastModified", v.LastModified);
            if (!v.IsDeleteMarker) xml.Element("ETag", ObjectResponseHeaders.Quote(v.ETag)).Element("Size", v.Size).Element("StorageClass", "STANDARD");
            xml.Open("Owner").Element("ID", r.Owner).Element("DisplayName", r.Owner).Close();
            xml.Close();
        }
        foreach (var common in page.CommonPrefixes)
            xml.Open("CommonPrefixes").Element("Prefix", UrlEncoding.Encode(common, encode)).Close();
        return xml.SendAsync(r.Response);
    }
}
