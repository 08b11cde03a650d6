using System.Globalization;
using System.Security.Cryptography;

namespace Transporter.Store.Protocol;

/// <summary>x-amz-request-id (unique per request: a per-process random prefix and a counter) and x-amz-id-2.</summary>
internal static class RequestIds
{
    private static readonly string Prefix = Convert.ToHexString(RandomNumberGenerator.GetBytes(3));
    private static long _counter;

    /// <summary>Identifies this process in x-amz-id-2 and the HostId of errors.</summary>
    public static readonly string HostId = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));

    public static string Next() => string.Concat(Prefix, Interlocked.Increment(ref _counter).ToString("X10", CultureInfo.InvariantCulture));
}
