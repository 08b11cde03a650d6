using System.Text;
using Transporter.Store.Engine.Metadata;
using Transporter.Store.Engine.Model;

namespace Transporter.Store.Engine;

public sealed partial class StorageEngine
{
    /// <summary>The upload's parts after <paramref name="partNumberMarker"/>, ascending.</summary>
    public ListPartsPage ListParts(string owner, string bucket, string key, string uploadId, int partNumberMarker, int maxParts)
    {
        var upload = GetUpload(owner, bucket, key, uploadId);
        maxParts = Math.Clamp(maxParts, 0, MaxListKeys);
        var parts = new List<UploadedPart>();
        var truncated = false;
        using var lease = _pool.Read();
        using var r = lease.Connection.Command(
                "SELECT part, size, etag, modified, checksum FROM upload_parts WHERE upload_id = @u AND part > @m ORDER BY part LIMIT @n")
            .Bind("@u", uploadId).Bind("@m", partNumberMarker).Bind("@n", maxParts + 1).ExecuteReader();
        while (r.Read())
        {
            if (parts.Count == maxParts)
            {
                truncated = true;
                break;
            }
            parts.Add(ReadPart(r, upload.ChecksumAlgorithm));
        }
        return new ListPartsPage(upload, parts, truncated, truncated && parts.Count > 0 ? parts[^1].PartNumber : null);
    }

    /// <summary>Uploads in progress, by key and then initiation time, with delimiter roll-up like a listing.</summary>
    public ListUploadsPage ListMultipartUploads(string owner, string bucket, ListUploadsQuery query)
    {
        GetBucket(owner, bucket);
        var maxUploads = Math.Clamp(query.MaxUploads, 0, MaxListKeys);
        var prefix = Encoding.UTF8.GetBytes(query.Prefix);
        var delimiter = string.IsNullOrEmpty(query.Delimiter) ? null : Encoding.UTF8.GetBytes(query.Delimiter);
        var keyMarker = string.IsNullOrEmpty(query.KeyMarker) ? null : Encoding.UTF8.GetBytes(query.KeyMarker);
        var uploads = new List<MultipartUploadInfo>();
        var prefixes = new List<string>();
        var truncated = false;
        string? nextKey = null, nextUploadId = null;
        // With a key marker alone, uploads of later keys follow; with an upload-id marker too, the marker key's
        // uploads after that one come first.
        var uploadIdMarker = keyMarker is null || string.IsNullOrEmpty(query.UploadIdMarker) ? null : query.UploadIdMarker;
        var passedUploadIdMarker = false;
        using var lease = _pool.Read();
        using var r = lease.Connection.Command(SelectUpload + " WHERE bucket = @b AND key >= @from AND key < @to ORDER BY key, initiated, id")
            .Bind("@b", bucket).Bind("@from", keyMarker is not null && Compare(keyMarker, prefix) > 0 ? keyMarker : prefix)
            .Bind("@to", Append(prefix, 0xFF)).ExecuteReader();
        byte[]? lastCommon = null;
        while (r.Read())
        {
            var keyBytes = r.GetFieldValue<byte[]>(1);
            if (keyMarker is not null)
            {
                var cmp = Compare(keyBytes, keyMarker);
                if (cmp < 0) continue;
                if (cmp == 0)
                {
                    if (uploadIdMarker is null) continue;
                    if (!passedUploadIdMarker)
                    {
                        passedUploadIdMarker = r.GetString(0) == uploadIdMarker;
                        continue;
                    }
                }
            }
            byte[]? common = null;
            if (delimiter is not null)
            {
                var at = keyBytes.AsSpan(prefix.Length).IndexOf(delimiter);
                if (at >= 0) common = keyBytes.AsSpan(0, prefix.Length + at + delimiter.Length).ToArray();
            }
            if (common is not null && lastCommon is not null && Compare(common, lastCommon) == 0) continue;
            if (common is not null && keyMarker is not null && Compare(common, keyMarker) <= 0) continue;
            if (uploads.Count + prefixes.Count == maxUploads)
            {
                truncated = true;
                break;
            }
            if (common is not null)
            {
                lastCommon = common;
                nextKey = Encoding.UTF8.GetString(common);
                nextUploadId = null;
                prefixes.Add(nextKey);
                continue;
            }
            var upload = ReadUploadInfo(r, bucket);
            uploads.Add(upload);
            nextKey = upload.Key;
            nextUploadId = upload.UploadId;
        }
        return new ListUploadsPage(uploads, prefixes, truncated, truncated ? nextKey : null, truncated ? nextUploadId : null);
    }
}
