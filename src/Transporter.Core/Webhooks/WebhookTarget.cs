using System.Text.Json.Serialization;

namespace Transporter.Core.Webhooks;

/// <summary>One entry of a migration's <c>webhooks</c>: where to POST its events, and the secret that signs them. The
/// secret is stored only encrypted (with the endpoints' credentials) and never returned; listings show the URL.</summary>
public sealed record WebhookTarget
{
    /// <summary>Most webhooks per migration.</summary>
    public const int MaxPerMigration = 10;

    /// <summary>Shortest secret accepted: an HMAC key worth the name.</summary>
    public const int MinSecretLength = 16;

    [JsonPropertyName("url")] public string? Url { get; init; }

    [JsonPropertyName("secret")] public string? Secret { get; init; }

    /// <summary>Problems with the <c>webhooks</c> array, each naming its field; empty when valid.</summary>
    public static IReadOnlyList<string> Validate(IReadOnlyList<WebhookTarget?> webhooks)
    {
        var errors = new List<string>();
        if (webhooks.Count > MaxPerMigration) errors.Add($"webhooks must list at most {MaxPerMigration} entries, got {webhooks.Count}");
        for (var i = 0; i < webhooks.Count; i++)
        {
            if (webhooks[i] is not { } hook)
            {
                errors.Add($"webhooks[{i}] must be an object with url and secret");
                continue;
            }
            if (!Uri.TryCreate(hook.Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                errors.Add($"webhooks[{i}].url must be an absolute http or https URL, got '{hook.Url}'");
            else if (!string.IsNullOrEmpty(uri.UserInfo)) errors.Add($"webhooks[{i}].url must not carry a user name or password");
            if (string.IsNullOrEmpty(hook.Secret) || hook.Secret.Length < MinSecretLength)
                errors.Add($"webhooks[{i}].secret must be at least {MinSecretLength} characters (it keys the HMAC-SHA256 signature)");
        }
        return errors;
    }

    public override string ToString() => $"WebhookTarget {{ Url = {Url}, secret hidden }}";
}
