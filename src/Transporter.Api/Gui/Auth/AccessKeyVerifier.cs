using System.Security.Cryptography;
using System.Text;
using Transporter.Identity;
using Transporter.Identity.Accounts;
using Transporter.Identity.Customers;

namespace Transporter.Api.Gui.Auth;

/// <summary>Checks an access key and secret key typed into the sign-in form against the stored keys (<see cref="AccessKeyStore"/>),
/// and the key's customer against the <see cref="RootAccessGate"/> (disabled, or its Transporter service off).</summary>
public sealed class AccessKeyVerifier(AccessKeyStore accessKeyStore, RootAccessGate gate, ILogger<AccessKeyVerifier> logger)
{
    private const int MaxLength = 512;

    /// <summary>The key's owner when the secret matches; null for an unknown key or a wrong secret alike.</summary>
    public async Task<Caller?> VerifyAsync(string? accessKeyId, string? secretKey, CancellationToken ct)
    {
        accessKeyId = accessKeyId?.Trim();
        if (string.IsNullOrEmpty(accessKeyId) || string.IsNullOrEmpty(secretKey) || accessKeyId.Length > MaxLength || secretKey.Length > MaxLength)
            return null;
        var credential = await accessKeyStore.LoadCredentialAsync(accessKeyId, ct);
        // Hashes have one length, so the comparison takes the same time whatever the secrets' lengths.
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(credential?.SecretKey ?? ""));
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(secretKey));
        if (CryptographicOperations.FixedTimeEquals(expected, given) && credential is not null)
        {
            if (await gate.RefusalAsync(credential.Caller, RootAccessGate.GuiService, null, ct) is { } refusal)
            {
                logger.LogWarning("GUI sign-in refused for access key {AccessKeyId}: {Refusal}", accessKeyId, refusal);
                return null;
            }
            logger.LogInformation("GUI sign-in of user {User} of root {Root} with access key {AccessKeyId}", credential.Caller.UserName,
                credential.Caller.Root, accessKeyId);
            return credential.Caller;
        }
        // An existing key's id is not a secret and tells an operator which key is being guessed at. An unknown "key" is not
        // logged: it may be a secret pasted into the wrong field.
        if (credential is null) logger.LogWarning("GUI sign-in refused: unknown access key");
        else logger.LogWarning("GUI sign-in refused for access key {AccessKeyId}: wrong secret key", accessKeyId);
        return null;
    }
}
