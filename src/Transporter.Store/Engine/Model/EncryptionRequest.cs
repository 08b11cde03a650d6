namespace Transporter.Store.Engine.Model;

/// <summary>Encryption at rest asked for by a write: SSE-S3 (<see cref="CustomerKey"/> null) or SSE-C with the
/// customer's 32-byte key, which is used and forgotten.</summary>
public sealed record EncryptionRequest(byte[]? CustomerKey)
{
    public static readonly EncryptionRequest SseS3 = new((byte[]?)null);

    public override string ToString() => CustomerKey is null ? "SSE-S3" : "SSE-C";
}
