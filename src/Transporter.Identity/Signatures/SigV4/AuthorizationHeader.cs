namespace Transporter.Identity.Signatures.SigV4;

/// <summary>A parsed "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=..." header.</summary>
internal sealed record AuthorizationHeader(CredentialScope Credential, string SignedHeaders, string Signature)
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    private const AuthFailureKind Code = AuthFailureKind.AuthorizationHeaderMalformed;

    public static AuthorizationHeader Parse(string header)
    {
        string? credential = null, signedHeaders = null, signature = null;
        foreach (var part in header.AsSpan(Algorithm.Length).ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0) throw Malformed($"the authorization component \"{part}\" is malformed.");
            var value = part[(eq + 1)..].Trim();
            switch (part[..eq].Trim())
            {
                case "Credential": credential = value; break;
                case "SignedHeaders": signedHeaders = value; break;
                case "Signature": signature = value; break;
            }
        }
        if (credential is null) throw Malformed("missing Credential.");
        if (signedHeaders is null || signedHeaders.Length == 0) throw Malformed("missing SignedHeaders.");
        if (signature is null || signature.Length == 0) throw Malformed("missing Signature.");
        return new AuthorizationHeader(CredentialScope.Parse(credential, Code), signedHeaders, signature);
    }

    private static RequestAuthenticationException Malformed(string what) => new(Code, "The authorization header is malformed; " + what);
}
