using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Transporter.Testing.Gcs;

public sealed partial class FakeGcsServer
{
    private readonly ConcurrentDictionary<string, bool> _validTokens = new();
    private int _tokensIssued;

    /// <summary>The claims of every JWT assertion the token endpoint accepted.</summary>
    public ConcurrentQueue<JsonElement> AcceptedAssertions { get; } = new();

    /// <summary>The header of every accepted assertion.</summary>
    public ConcurrentQueue<JsonElement> AcceptedAssertionHeaders { get; } = new();

    public int TokensIssued => _tokensIssued;

    /// <summary>Google's documented audience of service-account assertions, whatever URL they are posted to.</summary>
    public const string GoogleTokenAudience = "https://oauth2.googleapis.com/token";

    /// <summary>Seconds a token lives, as told in expires_in.</summary>
    public int TokenLifetimeSeconds { get; set; } = 3600;

    /// <summary>Makes every token issued so far invalid (the API then answers 401).</summary>
    public void RevokeTokens() => _validTokens.Clear();

    private bool TokenIsValid(string token) => _validTokens.ContainsKey(token);

    /// <summary>
    /// The OAuth2 token endpoint for the JWT-bearer grant (RFC 7523), as Google's: the assertion must be an RS256 JWT
    /// signed with the service account's key, issued by its email, for Google's token audience, asking for a scope.
    /// </summary>
    private async Task TokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        if (form["grant_type"] != "urn:ietf:params:oauth:grant-type:jwt-bearer")
        {
            await TokenErrorAsync(context, "unsupported_grant_type", "Invalid grant_type: " + form["grant_type"]);
            return;
        }
        var parts = form["assertion"].ToString().Split('.');
        if (parts.Length != 3)
        {
            await TokenErrorAsync(context, "invalid_grant", "Invalid JWT: Token must be a short-lived token and in a reasonable timeframe");
            return;
        }
        var header = JsonDocument.Parse(Base64Url(parts[0])).RootElement;
        var claims = JsonDocument.Parse(Base64Url(parts[1])).RootElement;
        var signed = ServiceAccountKey.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url(parts[2]),
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (!signed || header.GetProperty("alg").GetString() != "RS256")
        {
            await TokenErrorAsync(context, "invalid_grant", "Invalid JWT Signature.");
            return;
        }
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var iat = claims.GetProperty("iat").GetInt64();
        var exp = claims.GetProperty("exp").GetInt64();
        if (claims.GetProperty("iss").GetString() != ClientEmail || claims.GetProperty("aud").GetString() != GoogleTokenAudience
            || !claims.TryGetProperty("scope", out var scope) || string.IsNullOrEmpty(scope.GetString())
            || exp <= iat || exp - iat > 3600 || Math.Abs(iat - now) > 24 * 3600)
        {
            await TokenErrorAsync(context, "invalid_grant", "Invalid JWT: Token must be a short-lived token and in a reasonable timeframe ");
            return;
        }
        AcceptedAssertions.Enqueue(claims.Clone());
        AcceptedAssertionHeaders.Enqueue(header.Clone());
        var token = $"fake-token-{Interlocked.Increment(ref _tokensIssued)}";
        _validTokens[token] = true;
        await context.Response.WriteAsJsonAsync(new { access_token = token, expires_in = TokenLifetimeSeconds, token_type = "Bearer" });
    }

    private static Task TokenErrorAsync(HttpContext context, string error, string description)
    {
        context.Response.StatusCode = 400;
        return context.Response.WriteAsJsonAsync(new { error, error_description = description });
    }

    private static byte[] Base64Url(string value)
    {
        var s = value.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
    }
}
