using System.Text.Json;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Util;
using Transporter.Core.Storage;

namespace Transporter.Connectors.Gcs;

internal sealed partial class GcsClient
{
    public const string Scope = "https://www.googleapis.com/auth/devstorage.read_write";

    /// <summary>The fields of a service-account key file this client needs.</summary>
    public sealed record KeyFile(string ClientEmail, string PrivateKey, string? PrivateKeyId, string TokenUri, string? ProjectId)
    {
        /// <summary>Reads gcsConfig, given as the key file's JSON object or as a string holding it.</summary>
        public static KeyFile Parse(JsonElement? gcsConfig)
        {
            try
            {
                var json = gcsConfig switch
                {
                    { ValueKind: JsonValueKind.Object } element => element,
                    { ValueKind: JsonValueKind.String } element => JsonDocument.Parse(element.GetString()!).RootElement,
                    _ => throw Invalid("gcsConfig (the service-account key file) is required"),
                };
                string? Field(string name) => json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
                if (Field("type") is { } type && type != "service_account")
                    throw Invalid($"gcsConfig is a '{type}' key file; a service_account key is needed");
                return new KeyFile(
                    Field("client_email") ?? throw Invalid("gcsConfig has no client_email"),
                    Field("private_key") ?? throw Invalid("gcsConfig has no private_key"),
                    Field("private_key_id"),
                    Field("token_uri") ?? GoogleAuthConsts.OidcTokenUrl,
                    Field("project_id"));
            }
            catch (JsonException e)
            {
                throw Invalid("gcsConfig is not valid JSON: " + e.Message);
            }
        }

        /// <summary>OAuth2 access tokens for the storage scope, from JWT assertions sent to <see cref="TokenUri"/>.</summary>
        public ServiceAccountCredential CreateCredential(IClock? clock)
        {
            try
            {
                return new ServiceAccountCredential(new ServiceAccountCredential.Initializer(ClientEmail, TokenUri)
                {
                    Scopes = [Scope],
                    KeyId = PrivateKeyId,
                    ProjectId = ProjectId,
                    Clock = clock ?? SystemClock.Default,
                }.FromPrivateKey(PrivateKey));
            }
            catch (Exception e) when (e is ArgumentException or FormatException or System.Security.Cryptography.CryptographicException)
            {
                throw Invalid("gcsConfig's private_key is not a PEM RSA key: " + e.Message);
            }
        }

        private static ObjectStoreException Invalid(string message) => new(ObjectStoreErrorKind.InvalidCredentials, "InvalidKeyFile", message);
    }
}
