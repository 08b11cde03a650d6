using Transporter.Identity.Accounts;

namespace Transporter.Store.Admin.Ostor;

/// <summary>The access key lookup of every signature check (store and API), with the keys of disabled roots treated
/// as unknown: a disabled ostor user signs nothing until enabled again.</summary>
internal sealed class DisabledRootsKeyLookup(AccessKeyCache inner, DisabledRoots disabled) : IAccessKeyLookup
{
    public async ValueTask<SigningCredential?> FindAsync(string accessKeyId, CancellationToken ct)
    {
        var credential = await inner.FindAsync(accessKeyId, ct).ConfigureAwait(false);
        if (credential is null) return null;
        return await disabled.IsDisabledAsync(credential.Caller.Root, ct).ConfigureAwait(false) ? null : credential;
    }
}
