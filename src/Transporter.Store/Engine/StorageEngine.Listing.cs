using System.Text;
using Transporter.Store.Engine.Metadata;
using Transporter.Store.Engine.Model;

namespace Transporter.Store.Engine;

public sealed partial class StorageEngine
{
    public const int MaxListKeys = 1000;

    private long _listingRowsRead;

    /// <summary>Rows listings have read from the metadata file since start (a diagnostic of the delimiter seeks).</summary>
    public long ListingRowsRead => Interlocked.Read(ref _listingRowsRead);

    private const string ListSql =
        "SELECT key, size, etag, modified FROM objects WHERE bucket = @b AND key >= @from AND key < @to ORDER BY key LIMIT @n";

    /// <summary>
    /// One page of keys in UTF-8 byte order. With a delimiter, each common prefix is reported once and then skipped
    /// with a single seek past prefix+delimiter (its keys are never scanned). A page ends after
    /// <see cref="ListObjectsQuery.MaxKeys"/> entries; the next starts after <see cref="ListObjectsPage.LastReturned"/>,
    /// so keys added meanwhile neither shift nor repeat entries.
    /// </summary>
    public ListObjectsPage ListObjects(string owner, string bucket, ListObjectsQuery query)
    {
        GetBucket(owner, bucket);
        var maxKeys = Math.Clamp(query.MaxKeys, 0, MaxListKeys);
        var objects = new List<ListedObject>();
        var prefixes = new List<string>();
        if (maxKeys == 0) return new ListObjectsPage(objects, prefixes, false, null);

        var prefix = Encoding.UTF8.GetBytes(query.Prefix);
        var delimiter = string.IsNullOrEmpty(query.Delimiter) ? null : Encoding.UTF8.GetBytes(query.Delimiter);
        var after = query.After is null ? null : Encoding.UTF8.GetBytes(query.After);
        // key+0x00 is the smallest byte string after key; 0xFF never occurs in UTF-8, so prefix+0xFF bounds every key
        // that starts with prefix (and common+0xFF every key under a common prefix).
        var to = Append(prefix, 0xFF);
        var from = prefix;
        if (after is not null && Compare(Append(after, 0x00), from) > 0) from = Append(after, 0x00);

        string? last = null;
        var truncated = false;
        var count = 0;
        using var lease = _pool.Read();
        var command = lease.Connection.Command(ListSql);
        var done = false;
        while (!done)
        {
            var batch = Math.Min(maxKeys - count + 1, MaxListKeys + 1);
            var rows = 0;
            var seeked = false;
            using (var r = command.Bind("@b", bucket).Bind("@from", from).Bind("@to", to).Bind("@n", batch).ExecuteReader())
            {
                while (r.Read())
                {
                    rows++;
                    if (count == maxKeys)
                    {
                        truncated = true;
                        done = true;
                        break;
                    }
                    var key = r.GetFieldValue<byte[]>(0);
                    var at = delimiter is null ? -1 : key.AsSpan(prefix.Length).IndexOf(delimiter);
                    if (at >= 0)
                    {
                        var common = key.AsSpan(0, prefix.Length + at + delimiter!.Length).ToArray();
                        from = Append(common, 0xFF);
                        seeked = true;
                        // A marker inside this prefix means the prefix was returned on an earlier page.
                        if (after is null || Compare(common, after) > 0)
                        {
                            last = Encoding.UTF8.GetString(common);
                            prefixes.Add(last);
                            count++;
                        }
                        break;
                    }
                    last = Encoding.UTF8.GetString(key);
                    objects.Add(new ListedObject(last, r.GetInt64(1), r.GetString(2), FromMillis(r.GetInt64(3))));
                    count++;
                    from = Append(key, 0x00);
                }
            }
            Interlocked.Add(ref _listingRowsRead, rows);
            if (!seeked && rows < batch) done = true;
        }
        return new ListObjectsPage(objects, prefixes, truncated, last);
    }

    private static byte[] Append(byte[] bytes, byte last)
    {
        var result = new byte[bytes.Length + 1];
        bytes.CopyTo(result, 0);
        result[^1] = last;
        return result;
    }

    private static int Compare(byte[] a, byte[] b) => a.AsSpan().SequenceCompareTo(b);
}
