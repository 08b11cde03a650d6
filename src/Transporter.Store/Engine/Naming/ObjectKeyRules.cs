using System.Text;
using System.Text.Unicode;

namespace Transporter.Store.Engine.Naming;

/// <summary>
/// What S3 accepts as an object key: 1..1024 bytes of valid UTF-8 without NUL. Keys are data, never paths: "../" is
/// an ordinary key (the engine never derives a file name from a key).
/// </summary>
public static class ObjectKeyRules
{
    public const int MaxKeyBytes = 1024;

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes the raw bytes of a key from a request, refusing what S3 refuses.</summary>
    public static string Decode(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxKeyBytes) throw TooLong();
        if (!Utf8.IsValid(utf8)) throw new StoreException(StoreErrorCode.InvalidArgument, "Object key is not valid UTF-8.");
        if (utf8.IndexOf((byte)0) >= 0) throw new StoreException(StoreErrorCode.InvalidArgument, "Object key must not contain NUL characters.");
        return Encoding.UTF8.GetString(utf8);
    }

    /// <summary>The key's UTF-8 bytes (its sort order and database form), refusing invalid keys.</summary>
    public static byte[] Encode(string key)
    {
        if (key.Length == 0) throw new StoreException(StoreErrorCode.InvalidArgument, "Object key must not be empty.");
        byte[] bytes;
        try
        {
            bytes = Strict.GetBytes(key);
        }
        catch (EncoderFallbackException e)
        {
            throw new StoreException(StoreErrorCode.InvalidArgument, "Object key is not valid UTF-8.", e);
        }
        if (bytes.Length > MaxKeyBytes) throw TooLong();
        if (Array.IndexOf(bytes, (byte)0) >= 0) throw new StoreException(StoreErrorCode.InvalidArgument, "Object key must not contain NUL characters.");
        return bytes;
    }

    private static StoreException TooLong() => new(StoreErrorCode.KeyTooLongError, "Your key is too long");
}
