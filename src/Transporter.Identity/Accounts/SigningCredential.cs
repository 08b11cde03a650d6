namespace Transporter.Identity.Accounts;

/// <summary>What verifying a signature needs: the key's plaintext secret and who owns the key. Never log or serialize it.</summary>
public sealed record SigningCredential(Caller Caller, string SecretKey)
{
    public override string ToString() => $"SigningCredential {{ Caller = {Caller}, SecretKey = *** }}";
}
