namespace Transporter.Identity.Accounts;

/// <summary>Finds the secret and owner of an access key; called for every signed request, so implementations cache.</summary>
public interface IAccessKeyLookup
{
    /// <summary>The credential of <paramref name="accessKeyId"/>, or null when no such key exists.</summary>
    ValueTask<SigningCredential?> FindAsync(string accessKeyId, CancellationToken ct);
}
