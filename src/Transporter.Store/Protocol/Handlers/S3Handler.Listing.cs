using System.Buffers.Text;
using System.Text;
using Transporter.Store.Engine;
using Transporter.Store.Engine.Model;
using Transporter.Store.Protocol.Errors;
using Transporter.Store.Protocol.Headers;
using Transporter.Store.Protocol.Xml;

namespace Transporter.Store.Protocol.Handlers;

internal sealed partial class S3Handler
{
    /// <summary>ListObjects (v1: marker/NextMarker) and ListObjectsV2 (continuation token/start-after). The token
    /// encodes the last key or common prefix returned, never an offset, so pages stay stable while keys are added.</summary>
    private Task ListObjectsAsync(S3Request r, bool version2)
    {
        var encode = EncodingType(r);
        var prefix = r.QueryValue("prefix") ?? "";
        var delimiter = r.QueryValue("delimiter");
        var maxKeys = IntParameter(r, "max-keys", StorageEngine.MaxListKeys, 0, StorageEngine.MaxListKeys);
        string? token = null, startAfter = null, marker = null, after;
        if (version2)
        {
            token = r.QueryValue("continuation-token");
            startAfter = r.QueryValue("start-after");
            after = token is not null ? DecodeContinuationToken(token) : startAfter;
        }
        else
        {
            marker = r.QueryValue("marker");
            after = marker;
        }
        var page = engine.ListObjects(r.Owner, r.Bucket, new ListObjectsQuery(prefix, delimiter, string.IsNullOrEmpty(after) ? null : after, maxKeys));
        var withOwner = !version2 || string.Equals(r.QueryValue("fetch-owner"), "true", StringComparison.OrdinalIgnoreCase);

        var xml = new XmlResponse("ListBucketResult")
            .Element("Name", r.Bucket)
            .Element("Prefix", UrlEncoding.Encode(prefix, encode));
        if (version2)
        {
            xml.Element("ContinuationToken", token)
                .Element("NextContinuationToken", page.IsTruncated ? EncodeContinuationToken(page.LastReturned!) : null)
                .Element("StartAfter", UrlEncoding.Encode(startAfter, encode))
                .Element("KeyCount", page.Objects.Count + page.CommonPrefixes.Count);
        }
        else
        {
            xml.Element("Marker", UrlEncoding.Encode(marker ?? "", encode))
                .Element("NextMarker", page.IsTruncated ? UrlEncoding.Encode(page.LastReturned, encode) : null);
        }
        xml.Element("MaxKeys", maxKeys)
            .Element("Delimiter", UrlEncoding.Encode(delimiter, encode))
            .Element("IsTruncated", page.IsTruncated)
            .Element("EncodingType", encode ? "url" : null);
        foreach (var o in page.Objects)
        {
            xml.Open("Contents")
                .Element("Key", UrlEncoding.Encode(o.Key, encode))
                .Element("LastModified", o.LastModified)
                .Element("ETag", ObjectResponseHeaders.Quote(o.ETag))
                .Element("Size", o.Size);
            if (withOwner) xml.Open("Owner").Element("ID", r.Owner).Element("DisplayName", r.Owner).Close();
            xml.Element("StorageClass", "STANDARD").Close();
        }
        foreach (var common in page.CommonPrefixes)
            xml.Open("CommonPrefixes").Element("Prefix", UrlEncoding.Encode(common, encode)).Close();
        return xml.SendAsync(r.Response);
    }

    private static bool EncodingType(S3Request r) => r.QueryValue("encoding-type") switch
    {
        null => false,
        var v when v.Equals("url", StringComparison.OrdinalIgnoreCase) => true,
        _ => throw new S3Exception("InvalidArgument", "Invalid Encoding Method specified in Request"),
    };

    private static string EncodeContinuationToken(string lastReturned) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(lastReturned));

    private static string DecodeContinuationToken(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException e)
        {
            throw new S3Exception("InvalidArgument", "The continuation token provided is incorrect", e);
        }
    }
}
