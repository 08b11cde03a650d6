using System.Security.Cryptography;
using System.Text.Json;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Util;
using Transporter.Core.Storage;

namespace Transporter.Connectors.Gcs;

/// <summary>
/// A "gcp-native" endpoint's gcsConfig (the service-account key file, as a JSON object or a string holding it) turned
/// into Google's credential. Everything wrong with it is refused here, before any request, as a permanent
/// <see cref="ObjectStoreException"/> naming the field (the API answers it with 400), never as a library exception.
/// </summary>
internal sealed record GcsKeyFile(string ClientEmail, string PrivateKey, string? PrivateKeyId, string TokenUri, string? ProjectId)
{
    public const string Scope = "https://www.googleapis.com/auth/devstorage.read_write";

    public static GcsKeyFile Parse(JsonElement? gcsConfig)
    {
        try
        {
            var json = gcsConfig switch
            {
                { ValueKind: JsonValueKind.Object } element => element,
                { ValueKind: JsonValueKind.String } element => JsonDocument.Parse(element.GetString()!).RootElement,
                _ => throw Invalid("gcsConfig (the service-account key file) is required"),
            };
            if (json.ValueKind != JsonValueKind.Object) throw Invalid("gcsConfig must be the key file's JSON object");
            string? Field(string name) => json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            if (Field("type") is { } type && type != "service_account")
                throw Invalid($"gcsConfig is a '{type}' key file; a service_account key is needed");
            var key = new GcsKeyFile(
                Field("client_email") ?? throw Invalid("gcsConfig has no client_email"),
                Field("private_key") ?? throw Invalid("gcsConfig has no private_key"),
                Field("private_key_id"),
                Field("token_uri") ?? GoogleAuthConsts.OidcTokenUrl,
                Field("project_id"));
            key.CheckPrivateKey();
            return key;
        }
        catch (JsonException e)
        {
            throw Invalid("gcsConfig is not valid JSON: " + e.Message);
        }
    }

    /// <summary>Google's parser throws whatever its PEM decoder meets (IndexOutOfRangeException included): the key is
    /// read once here, so a key that is PEM-framed but not a key is named as such.</summary>
    private void CheckPrivateKey()
    {
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(PrivateKey);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException or FormatException or IndexOutOfRangeException)
        {
            throw Invalid("gcsConfig.private_key is not a PEM RSA private key: " + e.Message);
        }
    }

    /// <summary>OAuth2 access tokens for the storage scope, from JWT assertions sent to the key file's token_uri
    /// (<paramref name="clock"/> decides when a cached token has expired; tests move it).</summary>
    public GoogleCredential CreateCredential(IClock? clock)
    {
        try
        {
            return GoogleCredential.FromServiceAccountCredential(new ServiceAccountCredential(new ServiceAccountCredential.Initializer(ClientEmail, TokenUri)
            {
                Scopes = [Scope],
                KeyId = PrivateKeyId,
                ProjectId = ProjectId,
                Clock = clock ?? SystemClock.Default,
            }.FromPrivateKey(PrivateKey)));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw Invalid("gcsConfig is not a usable service-account key: " + e.Message);
        }
    }

    /// <summary>Never prints the key: endpoints end up in logs and exception messages.</summary>
    public override string ToString() => $"service account {ClientEmail}";

    private static ObjectStoreException Invalid(string message) => new(ObjectStoreErrorKind.InvalidCredentials, "InvalidKeyFile", message);
}
