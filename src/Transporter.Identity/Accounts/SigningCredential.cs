namespace Transporter.Identity.Accounts;

/// <summary>What verifying a signature needs: the key's plaintext secret and who owns the key. Never log or serialize it.</summary>
public sealed record SigningCredential(Caller Caller, string SecretKey)
{
    /// <summary>For temporary (STS) keys: the SHA-256 of the session token requests must carry; null for long-term keys.</summary>
    public string? SessionTokenHash { get; init; }

    /// <summary>For temporary keys: when they stop working.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    public override string ToString() => $"SigningCredential {{ Caller = {Caller}, SecretKey = *** }}";
}
