using System.Security.Cryptography;
using System.Text;
using Transporter.Store.Engine.Model;

namespace Transporter.Store.Admin.Garage;

/// <summary>Garage names buckets by a 64-hex id besides their aliases. Here a bucket's id is the SHA-256 of its name
/// and creation time: stable while it exists, new for a bucket re-created under the same name.</summary>
internal static class BucketIds
{
    public static string Of(BucketInfo bucket) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{bucket.Name}\n{bucket.Created.ToUnixTimeMilliseconds()}")));
}
