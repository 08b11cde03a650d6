using System.Security.Cryptography;
using System.Text;

namespace Transporter.Core.Webhooks;

/// <summary>
/// How deliveries are signed: <c>X-Transporter-Signature: sha256=</c> + hex(HMAC-SHA256(secret, timestamp + "." + body)),
/// with the timestamp (Unix seconds) in <c>X-Transporter-Timestamp</c>, so a receiver can refuse old or replayed
/// deliveries as well as forged ones.
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "X-Transporter-Signature";
    public const string TimestampHeader = "X-Transporter-Timestamp";
    public const string EventHeader = "X-Transporter-Event";
    public const string DeliveryHeader = "X-Transporter-Delivery";

    public static string Sign(string secret, long timestamp, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}"));
        return "sha256=" + Convert.ToHexStringLower(mac);
    }
}
