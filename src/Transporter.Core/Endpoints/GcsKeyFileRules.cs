using System.Security.Cryptography;
using System.Text.Json;

namespace Transporter.Core.Endpoints;

/// <summary>
/// What a gcp-native endpoint's <c>gcsConfig</c> must be: a Google service-account key file (the JSON document, as an
/// object or as a string holding it) with <c>type</c> "service_account", a <c>client_email</c> and a
/// <c>private_key</c> that is a PEM RSA private key that really parses, so a broken key is a 400 naming the field.
/// </summary>
public static class GcsKeyFileRules
{
    public static IEnumerable<string> Problems(JsonElement? config)
    {
        if (config is not { } element || element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            yield return "gcsConfig (the service-account key file) is required for gcp-native";
            yield break;
        }
        if (Document(element) is not { } keyFile)
        {
            yield return "gcsConfig must be the service-account key file: a JSON object (or a string holding one)";
            yield break;
        }
        if (Text(keyFile, "type") != "service_account")
            yield return "gcsConfig.type must be \"service_account\" (a service-account key file)";
        if (string.IsNullOrWhiteSpace(Text(keyFile, "client_email")))
            yield return "gcsConfig.client_email is required";
        var privateKey = Text(keyFile, "private_key");
        if (string.IsNullOrWhiteSpace(privateKey)) yield return "gcsConfig.private_key is required";
        else if (!IsRsaPrivateKey(privateKey)) yield return "gcsConfig.private_key is not a PEM RSA private key";
    }

    private static JsonElement? Document(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object) return element;
        if (element.ValueKind != JsonValueKind.String) return null;
        try
        {
            using var parsed = JsonDocument.Parse(element.GetString()!);
            return parsed.RootElement.ValueKind == JsonValueKind.Object ? parsed.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement? keyFile, string name) =>
        keyFile is { } o && o.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool IsRsaPrivateKey(string pem)
    {
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            // A public key imports too; a signing key must sign.
            rsa.SignData([1], HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            return true;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or IndexOutOfRangeException or FormatException)
        {
            return false;
        }
    }
}
